package com.payledger.infra.web;

import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** How to trace the HTTP request being served: its own id and the id of the interaction it belongs to. */
public record RequestIdentity(String requestId, String correlationId) {

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
