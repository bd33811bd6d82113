package com.payledger.infra.web;

import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who sent the HTTP request being served and how to trace it. Until authentication exists, every request is issued
 * by the placeholder principal {@value #ANONYMOUS_PRINCIPAL}.
 */
public record RequestIdentity(String requestId, String correlationId, String principal) {

    public static final String ANONYMOUS_PRINCIPAL = "anonymous";
    static final String ATTRIBUTE = RequestIdentity.class.getName();

    /** The identity of the request this thread is serving, or empty outside a request. */
    public static Optional<RequestIdentity> current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                (RequestIdentity) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }
}
