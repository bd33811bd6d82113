package com.payledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses media-type headers Spring MVC cannot cope with, before any controller runs: a Content-Type that is not
 * one concrete media type ({@code application/*} made Spring throw while reading the body, a 500), or that is sent
 * twice, or that declares a charset other than UTF-8, and a Content-Encoding other than identity, are 415
 * UNSUPPORTED_MEDIA_TYPE; an Accept header that does not parse, or that admits nothing ({@code q=0} on every range),
 * is 406 NOT_ACCEPTABLE (Spring could not even write its own problem for it and answered an empty 406). Spring
 * ignores {@code q=0}, which RFC 9110 (12.4.2) defines as "not acceptable", and chose a range in a charset it then
 * failed to write, after the controller had run: with either in the header, the rest of the chain reads an Accept
 * header naming the types this API answers that the client admits, or the request is a 406 before anything runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class MediaTypeHeadersFilter extends OncePerRequestFilter {

    /** What the API writes: JSON, and NDJSON for the export (problems, application/problem+json, come regardless). */
    private static final List<MediaType> ANSWERS = List.of(MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("application/x-ndjson"));

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
        if (contentType != null && !utf8(contentType)) {
            // RFC 8259 8.1: JSON between systems is UTF-8. Jackson guessed the encoding from the bytes, so a body
            // labelled UTF-32 was read as the UTF-8 it was, and a transfer was posted.
            ProblemWriter.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "request bodies are JSON in UTF-8: send charset=utf-8 or no charset");
            return;
        }
        if (encoded(request)) {
            // RFC 9110 15.5.16: 415 names the codings that would do, here none but identity.
            response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            ProblemWriter.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                    "request bodies are read as sent: send them without a Content-Encoding");
            return;
        }
        // Every Accept line, as Spring's negotiation reads them: with the first alone, a second line asking for
        // latin1 reached the controller, which ran the command before the answer failed to be written (a 500).
        String accept = request.getHeader(HttpHeaders.ACCEPT) == null ? null
                : String.join(", ", Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        List<MediaType> accepted = accept == null ? null : parsed(accept);
        if (accept != null && accepted == null) {
            ProblemWriter.write(request, response, HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE",
                    "the Accept header is malformed; this API answers application/json");
            return;
        }
        if (accepted != null && accepted.stream().anyMatch(range -> refused(range) || foreignCharset(range))) {
            List<MediaType> admitted = admitted(accepted);
            if (admitted.isEmpty()) {
                ProblemWriter.write(request, response, HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE",
                        "the Accept header admits nothing this API answers: application/json (the export "
                                + "application/x-ndjson), in UTF-8");
                return;
            }
            chain.doFilter(new AcceptOnly(request, MediaType.toString(admitted)), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A range the client refuses: {@code q=0}. */
    private static boolean refused(MediaType range) {
        return range.getQualityValue() == 0.0;
    }

    /**
     * A range asking for a charset other than UTF-8, which this API never writes: Spring chose it, ran the
     * controller (a command committed) and then failed to write the answer in it, a 500.
     */
    private static boolean foreignCharset(MediaType range) {
        return range.getParameter("charset") != null && !StandardCharsets.UTF_8.equals(range.getCharset());
    }

    /**
     * The types this API answers that {@code ranges} admit, each with the quality of the most specific range that
     * matches it (RFC 9110 12.5.1): with {@code application/json;q=0, *}{@code /*} JSON is refused, although the
     * wildcard alone admits it. A range in a foreign charset matches nothing this API writes, and neither does a
     * refused range with a parameter of its own ({@code application/json;profile=x;q=0}): it refuses that variant,
     * which the API never writes, not plain JSON. A parameter on a range that admits is overlooked, as Spring does.
     */
    private static List<MediaType> admitted(List<MediaType> ranges) {
        return ANSWERS.stream().flatMap(answer -> ranges.stream()
                        .filter(range -> !foreignCharset(range) && !refusesAVariant(range) && range.includes(answer))
                        .max(Comparator.comparingInt(MediaTypeHeadersFilter::specificity))
                        .filter(range -> !refused(range))
                        .map(range -> new MediaType(answer, Map.of("q",
                                Double.toString(range.getQualityValue()))))
                        .stream())
                .toList();
    }

    /** A q=0 range carrying a parameter other than q and charset: RFC 9110 12.5.1 matches it to that variant only. */
    private static boolean refusesAVariant(MediaType range) {
        return refused(range) && range.getParameters().keySet().stream()
                .anyMatch(name -> !name.equalsIgnoreCase("q") && !name.equalsIgnoreCase("charset"));
    }

    private static int specificity(MediaType range) {
        int parameters = (int) range.getParameters().keySet().stream().filter(name -> !name.equals("q")).count();
        return (range.isWildcardType() ? 0 : 4) + (range.isWildcardSubtype() ? 0 : 2) + Math.min(parameters, 1);
    }

    /** No charset, or UTF-8: {@link #isConcrete} has already refused a charset Java does not know. */
    private static boolean utf8(String contentType) {
        Charset charset = MediaType.parseMediaType(contentType).getCharset();
        return charset == null || charset.equals(StandardCharsets.UTF_8);
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
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            // InvalidMediaTypeException is an IllegalArgumentException. A quoted type ("application/json") made
            // Spring's parser throw StringIndexOutOfBoundsException: a 500.
            return false;
        }
    }

    /** The ranges of {@code accept}; null when it does not parse. */
    private static List<MediaType> parsed(String accept) {
        try {
            return MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            return null;
        }
    }

    /** The request with its Accept header narrowed to {@code accept}. */
    private static final class AcceptOnly extends HttpServletRequestWrapper {

        private final String accept;

        AcceptOnly(HttpServletRequest request, String accept) {
            super(request);
            this.accept = accept;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? accept : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(accept))
                    : super.getHeaders(name);
        }
    }
}
