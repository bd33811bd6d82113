package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when an occurrence will not be paid after all: its last retry failed ({@code reason}
 * is then the last rejection code, and {@code counted} is true), or the schedule was paused or cancelled while it
 * waited for a retry (SCHEDULE_PAUSED, SCHEDULE_CANCELLED, not counted). Counted abandonments in a row suspend the
 * schedule.
 */
@Revision("1")
public record RecurringPaymentAbandoned(String scheduleId, LocalDate occurrence, int attempts, String reason,
                                        boolean counted, Instant abandonedAt) implements RecurringPaymentEvent {
}
