package com.payledger.query.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as {@code GET /api/v1/schedules/{id}} shows it. {@code amount} is in minor units; {@code nextRunAt}
 * is null when no run is planned; {@code remainingOccurrences} only for a bounded rule with at most 10,000 left;
 * {@code pendingRetry} null when no occurrence waits for another attempt; {@code version} the sequence number of its
 * last event, which each of its payments moves too (its {@code ETag}, which {@code If-Match} takes).
 */
public record ScheduleView(String id, String ownerId, String debitAccountId, String creditAccountId, long amount,
                           String currency, @Nullable String description, String rrule, LocalDate startDate,
                           LocalTime timeOfDay, String timeZone, String shortMonthPolicy, String catchUpPolicy,
                           Duration catchUpWindow, RetryPolicy retryPolicy, String status,
                           @Nullable LocalDate pausedUntil, @Nullable LocalDate nextOccurrence,
                           @Nullable Instant nextRunAt, @Nullable Integer remainingOccurrences,
                           @Nullable Outcome lastOutcome, @Nullable PendingRetry pendingRetry, long version) {

    public record RetryPolicy(List<Duration> delays, int suspendAfterAbandoned) {
    }

    /** The latest thing that happened to one of the schedule's occurrences. */
    public record Outcome(LocalDate date, String status, @Nullable String reason) {
    }

    /**
     * The earliest occurrence whose last attempt failed and whose next attempt is planned at {@code nextRetryAt}: a
     * later outcome (a skip, the next payment) does not hide a payment that is still being retried.
     */
    public record PendingRetry(LocalDate date, int attempts, String reason, Instant nextRetryAt) {
    }
}
