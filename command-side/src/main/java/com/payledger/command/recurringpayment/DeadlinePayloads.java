package com.payledger.command.recurringpayment;

import java.time.LocalDate;

/**
 * What a schedule's deadlines carry. Deadlines are not cancelled when the plan changes, so a deadline can outlive
 * the plan it was set for; each handler first checks its payload against the current state and ignores a stale
 * one. Two deadlines for the same run (planned before a pause and again on resume) are safe too: the second finds
 * the run decided, and if both fire at once on two instances, the event store lets only one of them record it.
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
