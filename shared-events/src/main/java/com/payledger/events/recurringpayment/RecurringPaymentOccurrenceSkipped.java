package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** Emitted by RecurringPayment when a client skips the next occurrence: that local date is never paid. */
@Revision("1")
public record RecurringPaymentOccurrenceSkipped(String scheduleId, LocalDate occurrence, Instant skippedAt)
        implements RecurringPaymentEvent {
}
