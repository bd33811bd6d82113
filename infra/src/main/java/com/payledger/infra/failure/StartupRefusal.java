package com.payledger.infra.failure;

/**
 * The service will not start as configured: a setting has no meaning, or what it names is unusable. Spring Boot
 * prints it through {@link StartupRefusalAnalyzer} as a short "APPLICATION FAILED TO START" report that names the
 * setting and what to do, instead of a stack trace with the reason on its tenth {@code Caused by:} line.
 */
public class StartupRefusal extends IllegalStateException {

    private final String action;

    public StartupRefusal(String reason, String action) {
        super(reason);
        this.action = action;
    }

    public StartupRefusal(String reason, String action, Throwable cause) {
        super(reason, cause);
        this.action = action;
    }

    /** What the operator should do about it. */
    public String action() {
        return action;
    }
}
