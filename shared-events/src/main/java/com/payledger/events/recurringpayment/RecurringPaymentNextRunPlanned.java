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
 * @param remainingOccurrences occurrences left including this one, when the rule is bounded (COUNT or UNTIL);
 *                             null for an unbounded rule, and for an UNTIL so far away that more than 100,000 are
 *                             left (events before 2026-12-01 gave 100,000 there)
 */
@Revision("1")
public record RecurringPaymentNextRunPlanned(String scheduleId, LocalDate occurrence, Instant runAt,
                                             Integer remainingOccurrences) implements RecurringPaymentEvent {
}
