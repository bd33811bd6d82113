package com.payledger.infra.security;

/**
 * What a caller may do. {@link SecurityConfiguration} maps paths to roles; ownership within the CLIENT role is
 * checked by the command and query sides themselves.
 */
public enum ApiRole {
    /** An owner's back end: moves and reads that owner's money only. */
    CLIENT,
    /** Reads everything, including the audit endpoints; changes nothing. */
    AUDITOR,
    /** Manages keys and runs operations such as projection rebuilds; never reads or moves anybody's money. */
    ADMIN;

    /** The Spring Security authority that {@code hasRole(name())} checks. */
    public String authority() {
        return "ROLE_" + name();
    }
}
