package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/** Emitted by RecurringPayment when transfer {@code transferId} paid {@code occurrence} on attempt {@code attempt}. */
@Revision("1")
public record RecurringPaymentPaid(String scheduleId, LocalDate occurrence, int attempt, String transferId,
                                   Instant paidAt) implements RecurringPaymentEvent {
}
