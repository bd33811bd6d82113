package com.payledger.events.recurringpayment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when a paused or suspended schedule becomes active again, by command or when its
 * pause ends. Payment continues with the first occurrence not yet due.
 */
@Revision("1")
public record RecurringPaymentResumed(String scheduleId, Instant resumedAt) implements RecurringPaymentEvent {
}
