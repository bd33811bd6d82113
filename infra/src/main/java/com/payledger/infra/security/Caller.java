package com.payledger.infra.security;

import java.util.Objects;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * An authenticated caller. {@code principal} is what every event it causes records (for an API key
 * {@code apikey:<key id>}); {@code ownerId} is set for a CLIENT only: the owner whose money it acts on.
 */
public record Caller(String principal, ApiRole role, String ownerId) {

    public Caller {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(role, "role");
        if ((role == ApiRole.CLIENT) != (ownerId != null)) {
            throw new IllegalArgumentException("a CLIENT has an owner id and only a CLIENT has one");
        }
    }

    /** The caller of the request this thread is serving, if it authenticated. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Optional.of(caller) : Optional.empty();
    }
}
