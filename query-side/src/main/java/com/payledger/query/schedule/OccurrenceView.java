package com.payledger.query.schedule;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What became of one occurrence: DUE (an attempt is under way), PAID, FAILED (a retry follows at
 * {@code nextRetryAt}), ABANDONED, SKIPPED or MISSED. {@code transferId} is set once PAID.
 */
public record OccurrenceView(LocalDate date, String status, int attempts, String transferId, String reason,
                             Instant runAt, Instant nextRetryAt) {
}
