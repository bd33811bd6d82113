package com.payledger.infra.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id ({@code X-Request-Id}, taken from the client when well-formed) and a correlation id
 * ({@code X-Correlation-Id}, defaulting to the request id), echoes the request id back, and puts both in the log
 * context and in the metadata of every event the request causes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdentityFilter extends OncePerRequestFilter {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    /** Client-supplied ids end up in logs and events: accept only short, inert ones. */
    private static final Pattern TRACE_ID_FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = wellFormedOr(request.getHeader(REQUEST_ID_HEADER), UUID.randomUUID().toString());
        String correlationId = wellFormedOr(request.getHeader(CORRELATION_ID_HEADER), requestId);
        request.setAttribute(RequestIdentity.ATTRIBUTE, new RequestIdentity(requestId, correlationId));
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("requestId", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }

    private static String wellFormedOr(String candidate, String fallback) {
        return candidate != null && TRACE_ID_FORMAT.matcher(candidate).matches() ? candidate : fallback;
    }
}
