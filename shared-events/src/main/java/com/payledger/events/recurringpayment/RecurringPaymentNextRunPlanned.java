package com.payledger.events.recurringpayment;

import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment whenever its next run changes (created, paid, skipped, paused, resumed, caught up).
 * All fields but {@code scheduleId} are null when no run is planned (paused without end, suspended, cancelled,
 * completed).
 *
 * @param occurrence           the local date of the next occurrence
 * @param runAt                when it runs
 * @param remainingOccurrences occurrences left including this one, when the rule is bounded (COUNT or UNTIL) and at
 *                             most 10,000 are left; null otherwise (events before 2026-12-01 counted up to 100,000
 *                             and gave 100,000 beyond)
 */
@Revision("1")
public record RecurringPaymentNextRunPlanned(String scheduleId, LocalDate occurrence, Instant runAt,
                                             Integer remainingOccurrences) implements RecurringPaymentEvent {
}
