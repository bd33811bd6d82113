package com.payledger.command.recurringpayment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as the API shows it: the same shape as {@code GET /api/v1/schedules/{id}}. {@code amount} is in minor
 * units; durations are ISO-8601.
 */
record ScheduleBody(String id, String ownerId, String debitAccountId, String creditAccountId, long amount,
                    String currency, @Nullable String description, String rrule, LocalDate startDate,
                    LocalTime timeOfDay, String timeZone, String shortMonthPolicy, String catchUpPolicy,
                    Duration catchUpWindow, RetryPolicy retryPolicy, String status, @Nullable LocalDate pausedUntil,
                    @Nullable LocalDate nextOccurrence, @Nullable Instant nextRunAt,
                    @Nullable Integer remainingOccurrences, ScheduleSnapshot.@Nullable Outcome lastOutcome,
                    ScheduleSnapshot.@Nullable PendingRetry pendingRetry, long version) {

    /** After the n-th failed attempt wait delays[n-1]; this many abandoned occurrences in a row suspend. */
    record RetryPolicy(List<Duration> delays, int suspendAfterAbandoned) {
    }

    static ScheduleBody of(ScheduleSnapshot s) {
        return new ScheduleBody(s.scheduleId(), s.ownerId(), s.debitAccountId(), s.creditAccountId(),
                s.amount().amountMinor(), s.amount().currency().getCurrencyCode(), s.description(),
                s.recurrence().rrule(), s.recurrence().startDate(), s.recurrence().timeOfDay(),
                s.recurrence().timeZone(), s.recurrence().shortMonthPolicy().name(), s.catchUpPolicy().name(),
                s.catchUpWindow(), new RetryPolicy(s.retryDelays(), s.suspendAfterAbandoned()), s.status().name(),
                s.pausedUntil(), s.nextOccurrence(), s.nextRunAt(), s.remainingOccurrences(), s.lastOutcome(),
                s.pendingRetry(), s.version());
    }
}
