package com.payledger.query.schedule;

import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * What became of one occurrence: DUE (an attempt is under way), PAID, FAILED (a retry follows at
 * {@code nextRetryAt}), ABANDONED, SKIPPED or MISSED. {@code transferId} is set once PAID.
 */
public record OccurrenceView(LocalDate date, String status, int attempts, @Nullable String transferId,
                             @Nullable String reason, @Nullable Instant runAt, @Nullable Instant nextRetryAt) {
}
