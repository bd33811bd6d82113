package com.payledger.events.recurringpayment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when {@code consecutiveAbandoned} occurrences in a row were abandoned: it stops
 * paying, so a dead account is not hammered forever, until a client resumes it.
 */
@Revision("1")
public record RecurringPaymentSuspended(String scheduleId, int consecutiveAbandoned, Instant suspendedAt)
        implements RecurringPaymentEvent {
}
