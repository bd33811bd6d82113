package com.payledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses media-type headers Spring MVC cannot cope with, before any controller runs: a Content-Type that is not
 * one concrete media type ({@code application/*} made Spring throw while reading the body, a 500), or that is sent
 * twice, and a Content-Encoding other than identity, are 415 UNSUPPORTED_MEDIA_TYPE; an Accept header that does not
 * parse is 406 NOT_ACCEPTABLE (Spring could not even write its own problem for it and answered an empty 406).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class MediaTypeHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && (RepeatedHeaders.sentMoreThanOnce(request, HttpHeaders.CONTENT_TYPE)
                || !isConcrete(contentType))) {
            ProblemWriter.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type must be one media type such as application/json");
            return;
        }
        if (encoded(request)) {
            // RFC 9110 15.5.16: 415 names the codings that would do, here none but identity.
            response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            ProblemWriter.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "request bodies are read as sent: send them without a Content-Encoding");
            return;
        }
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null && !parses(accept)) {
            ProblemWriter.write(request, response, HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE",
                    "the Accept header is malformed; this API answers application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * A body sent compressed ({@code Content-Encoding: gzip}) was read as it came: a gzip body got 400 MALFORMED_JSON,
     * and a plain one labelled gzip was taken as JSON.
     */
    private static boolean encoded(HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.CONTENT_ENCODING) == null) {
            return false;
        }
        return Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING)).stream()
                .flatMap(header -> java.util.Arrays.stream(header.split(",")))
                .map(String::trim).anyMatch(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("identity"));
    }

    private static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    private static boolean parses(String accept) {
        try {
            MediaType.parseMediaTypes(accept);
            return true;
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }
}
