package com.payledger.command.recurringpayment;

import java.time.LocalDate;

/**
 * What a schedule's deadlines carry. A deadline can outlive the state it was set for (a pause cancels deadlines
 * in another transaction than the one that fires them), so each handler first checks its payload against the
 * current state and ignores a stale one.
 */
final class DeadlinePayloads {

    static final String DUE = "recurring-payment-due";
    static final String RETRY = "recurring-payment-retry";
    static final String RESUME = "recurring-payment-resume";

    private DeadlinePayloads() {
    }

    /** The planned next occurrence has reached its run time. */
    record DueCheck(LocalDate occurrence) {
    }

    /** Attempt {@code attempt} of a failed occurrence is due. */
    record RetryCheck(LocalDate occurrence, int attempt) {
    }

    /** A pause with an end date is over. */
    record ResumeCheck(LocalDate until) {
    }
}
