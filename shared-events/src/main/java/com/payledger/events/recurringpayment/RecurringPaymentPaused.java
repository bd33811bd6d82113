package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when a client pauses it: nothing is paid until it resumes, by command or, when
 * {@code until} is set, at the start of that local date. Occurrences inside the pause are not paid.
 *
 * @param until the local date the schedule resumes by itself, or null for "until resumed"
 */
@Revision("1")
public record RecurringPaymentPaused(String scheduleId, LocalDate until, Instant pausedAt)
        implements RecurringPaymentEvent {
}
