package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when an occurrence's run time passed while the ledger was down and its catch-up
 * policy does not pay it. {@code reason}: CATCH_UP_POLICY (SKIP, or not the latest under RUN_LATEST) or
 * OUTSIDE_CATCH_UP_WINDOW (RUN_ALL, older than the window).
 *
 * @param runAt when it should have run
 */
@Revision("1")
public record RecurringPaymentOccurrenceMissed(String scheduleId, LocalDate occurrence, Instant runAt, String reason,
                                               Instant recordedAt) implements RecurringPaymentEvent {
}
