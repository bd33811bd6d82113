package com.payledger.events.recurringpayment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Emitted by RecurringPayment when its rule has no occurrence left (COUNT or UNTIL reached) and none is open. */
@Revision("1")
public record RecurringPaymentCompleted(String scheduleId, Instant completedAt) implements RecurringPaymentEvent {
}
