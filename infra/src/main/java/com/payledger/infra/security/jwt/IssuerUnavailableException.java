package com.payledger.infra.security.jwt;

/**
 * A token could not be checked because its issuer could not be reached (discovery or key set fetch failed or timed
 * out). Not the caller's fault, and it says nothing about the token: answered 503 TOKEN_ISSUER_UNAVAILABLE.
 */
public final class IssuerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    IssuerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
