package com.payledger.events.recurringpayment;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Emitted by RecurringPayment when a client cancels it. Final: nothing more is ever paid or planned. */
@Revision("1")
public record RecurringPaymentCancelled(String scheduleId, Instant cancelledAt) implements RecurringPaymentEvent {
}
