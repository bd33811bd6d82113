package com.payledger.infra.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

/**
 * The error page: what the servlet container shows when a filter or the container itself gives up on a request
 * with {@code sendError}, such as Spring Security's firewall refusing an encoded slash or {@code %25} in the path.
 * Spring Boot's default answered those in its own JSON shape without a {@code code}; here they are problem+json
 * like every other refusal.
 */
@RestController
@Hidden
class ErrorPageProblems implements ErrorController {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPageProblems.class);

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
        // Spring Security's header writer does not run for the error dispatch of a request its firewall refused.
        BrowserHeaders.addMissing(response);
        // A request Tomcat refused itself (TRACE) never met RequestIdentityFilter: an id of its own, as every answer.
        if (!response.containsHeader(RequestIdentityFilter.REQUEST_ID_HEADER)) {
            response.setHeader(RequestIdentityFilter.REQUEST_ID_HEADER, UUID.randomUUID().toString());
        }
        HttpStatus status = statusOf(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
        String detail = detailOf(status);
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            // A filter threw, past the API's own error handling: as every 500, logged and named by its request id.
            String requestId = response.getHeader(RequestIdentityFilter.REQUEST_ID_HEADER);
            LOG.error("Unexpected failure serving request {}", requestId,
                    (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            detail = "unexpected failure; quote request id " + requestId + " when reporting it";
        }
        ProblemDetail problem = GlobalProblems.problem(status, codeOf(status), detail);
        // The request that was refused, not the error page it was forwarded to ("/error" was all a client saw).
        if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String refused) {
            try {
                problem.setInstance(new URI(refused)); // as sent: already percent-encoded
            } catch (URISyntaxException notAUri) {
                problem.setInstance(URI.create(UriUtils.encodePath(refused, StandardCharsets.UTF_8)));
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The status the container's error dispatch carries. A client that asks for {@code /error} itself brings none:
     * for it, as for any path without a resource, the page is not found.
     */
    private static HttpStatus statusOf(Object code) {
        if (code == null) {
            return HttpStatus.NOT_FOUND;
        }
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    static String codeOf(HttpStatus status) {
        return status == HttpStatus.BAD_REQUEST ? "MALFORMED_REQUEST" : codeOfStatus(status);
    }

    /**
     * The code of a refusal that has no code of its own, from its status: the name, except where the ledger's own
     * answers to that status already use another. One 500 or one 413 under two codes would make clients match both.
     * ({@link HttpStatus#resolve} gives Spring 7's CONTENT_TOO_LARGE for 413, not PAYLOAD_TOO_LARGE.)
     */
    static String codeOfStatus(HttpStatus status) {
        return switch (status.value()) {
            case 500 -> "INTERNAL_ERROR";
            case 413 -> "PAYLOAD_TOO_LARGE";
            default -> status.name();
        };
    }

    static String detailOf(HttpStatus status) {
        return status == HttpStatus.BAD_REQUEST
                ? "the request line, path or headers are malformed (for example an encoded slash, %25 or a control "
                + "character in the path, or headers that are too large)"
                : status.getReasonPhrase();
    }
}
