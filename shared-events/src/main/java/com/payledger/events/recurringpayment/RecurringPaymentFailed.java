package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when attempt {@code attempt} of {@code occurrence} was rejected by the ledger;
 * {@code reason} is the rejection code (for example EXCEEDS_AVAILABLE_BALANCE). Another attempt follows at
 * {@code nextRetryAt}.
 */
@Revision("1")
public record RecurringPaymentFailed(String scheduleId, LocalDate occurrence, int attempt, String reason,
                                     Instant nextRetryAt, Instant failedAt) implements RecurringPaymentEvent {
}
