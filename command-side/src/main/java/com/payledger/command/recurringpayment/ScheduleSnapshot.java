package com.payledger.command.recurringpayment;

import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A schedule as the command side knows it after a command: the answer to every schedule command. {@code version} is
 * the sequence number of its last event, as its {@code ETag} and {@code If-Match} name it.
 */
public record ScheduleSnapshot(String scheduleId, String ownerId, String debitAccountId, String creditAccountId,
                               Money amount, String description, Recurrence recurrence, CatchUpPolicy catchUpPolicy,
                               Duration catchUpWindow, List<Duration> retryDelays, int suspendAfterAbandoned,
                               ScheduleStatus status, LocalDate pausedUntil, LocalDate nextOccurrence,
                               Instant nextRunAt, Integer remainingOccurrences, Outcome lastOutcome,
                               PendingRetry pendingRetry, long version) {

    /** The latest thing that happened to an occurrence. */
    public record Outcome(LocalDate date, String status, @Nullable String reason) {
    }

    /** The earliest occurrence whose last attempt failed and whose next attempt is planned at {@code nextRetryAt}. */
    public record PendingRetry(LocalDate date, int attempts, String reason, Instant nextRetryAt) {
    }
}
