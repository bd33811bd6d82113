package com.payledger.query.schedule;

import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentAmountChanged;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import com.payledger.events.recurringpayment.RecurringPaymentFailed;
import com.payledger.events.recurringpayment.RecurringPaymentNextRunPlanned;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceMissed;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaid;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import com.payledger.events.recurringpayment.RecurringPaymentResumed;
import com.payledger.events.recurringpayment.RecurringPaymentScheduled;
import com.payledger.events.recurringpayment.RecurringPaymentSuspended;
import com.payledger.query.rebuild.ReadModelWriter;
import com.payledger.query.rebuild.RebuildableProjection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds {@code read_model.recurring_payment_schedules} and {@code ..._occurrences}. Every event first advances
 * the schedule row's {@code last_sequence}; an event that finds it already there was applied before and changes
 * nothing, so redelivery and replay are no-ops. A missing schedule row is a bug and fails loudly.
 *
 * <p>Dates and times are bound as java.time values, which the driver writes as they are. java.sql.Date and Timestamp
 * go through a calendar that is Julian before 1582-10-15 and lacks the ten days before it: a start date of
 * 1582-10-10 was stored as 1582-10-20. PostgreSQL's {@code date} and {@code timestamptz} are proleptic Gregorian,
 * as java.time is. A time of day keeps its fraction of a second, which java.sql.Time dropped ({@code time} holds
 * microseconds, the finest the API takes).
 */
@Component
@ProcessingGroup(ScheduleProjection.PROCESSING_GROUP)
class ScheduleProjection implements RebuildableProjection {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "projection-schedules";

    private final JdbcTemplate jdbc;
    private final String schema;

    @Autowired
    ScheduleProjection(JdbcTemplate jdbc) {
        this(jdbc, LIVE_SCHEMA);
    }

    private ScheduleProjection(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> tables() {
        return List.of("recurring_payment_schedules", "recurring_payment_occurrences");
    }

    /** Its next runs come from the recurrence calendar, which the check's SQL fold does not redo. */
    @Override
    public boolean readByConsistencyChecks() {
        return false;
    }

    @Override
    public Object writingTo(String otherSchema, ReadModelWriter writer) {
        // Its handlers read the rows they update (plans, occurrences): every statement must run at once.
        return new ScheduleProjection(jdbc, otherSchema);
    }

    @EventHandler
    void on(RecurringPaymentScheduled e, @SequenceNumber long sequence) {
        jdbc.update(RebuildableProjection.in(schema, """
                insert into read_model.recurring_payment_schedules (schedule_id, owner_id, debit_account_id,
                    credit_account_id, amount_minor, currency, description, rrule, start_date, time_of_day, time_zone,
                    short_month_policy, catch_up_policy, catch_up_window, retry_delays, suspend_after_abandoned,
                    status, created_at, last_sequence)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)
                on conflict (schedule_id) do nothing"""),
                e.scheduleId(), e.ownerId(), e.debitAccountId(), e.creditAccountId(), e.amount().amountMinor(),
                e.amount().currency().getCurrencyCode(), e.description(), e.recurrence().rrule(),
                e.recurrence().startDate(), e.recurrence().timeOfDay(),
                e.recurrence().timeZone(), e.recurrence().shortMonthPolicy().name(), e.catchUpPolicy().name(),
                e.catchUpWindow().toString(),
                e.retryDelays().stream().map(Duration::toString).collect(Collectors.joining(",")),
                e.suspendAfterAbandoned(), timestamp(e.scheduledAt()), sequence);
    }

    @EventHandler
    void on(RecurringPaymentNextRunPlanned e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "next_occurrence = ?, next_run_at = ?, remaining_occurrences = ?",
                e.occurrence(), timestamp(e.runAt()), e.remainingOccurrences());
    }

    @EventHandler
    void on(RecurringPaymentPaused e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "status = 'PAUSED', paused_until = ?", e.until());
    }

    @EventHandler
    void on(RecurringPaymentResumed e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "status = 'ACTIVE', paused_until = null");
    }

    @EventHandler
    void on(RecurringPaymentAmountChanged e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "amount_minor = ?", e.amount().amountMinor());
    }

    @EventHandler
    void on(RecurringPaymentCancelled e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "status = 'CANCELLED', paused_until = null, next_occurrence = null, "
                + "next_run_at = null, remaining_occurrences = null");
    }

    @EventHandler
    void on(RecurringPaymentCompleted e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "status = 'COMPLETED', next_occurrence = null, next_run_at = null, "
                + "remaining_occurrences = null");
    }

    @EventHandler
    void on(RecurringPaymentSuspended e, @SequenceNumber long sequence) {
        update(e.scheduleId(), sequence, "status = 'SUSPENDED'");
    }

    @EventHandler
    void on(RecurringPaymentOccurrenceSkipped e, @SequenceNumber long sequence) {
        if (outcome(e.scheduleId(), sequence, e.occurrence(), "SKIPPED", null)) {
            occurrence(e.scheduleId(), e.occurrence(), "SKIPPED", 0, null, null, null, null, e.skippedAt());
        }
    }

    @EventHandler
    void on(RecurringPaymentOccurrenceMissed e, @SequenceNumber long sequence) {
        if (outcome(e.scheduleId(), sequence, e.occurrence(), "MISSED", e.reason())) {
            occurrence(e.scheduleId(), e.occurrence(), "MISSED", 0, null, e.reason(), e.runAt(), null,
                    e.recordedAt());
        }
    }

    @EventHandler
    void on(RecurringPaymentDue e, @SequenceNumber long sequence,
            @org.axonframework.eventhandling.Timestamp Instant recordedAt) {
        // Not an outcome: the last outcome stays what it was while the payment is under way.
        if (update(e.scheduleId(), sequence, null)) {
            // As the event store keeps it, in milliseconds: handled live, the event still had its clock's
            // microseconds, and every rebuild during a payment counted the row as one that differed.
            occurrence(e.scheduleId(), e.occurrence(), "DUE", e.attempt(), null, null, e.runAt(), null,
                    recordedAt.truncatedTo(ChronoUnit.MILLIS));
            jdbc.update(RebuildableProjection.in(schema, "update read_model.recurring_payment_occurrences "
                    + "set amount_minor = ? where schedule_id = ? and occurrence = ?"),
                    e.amount().amountMinor(), e.scheduleId(), e.occurrence());
        }
    }

    @EventHandler
    void on(RecurringPaymentPaid e, @SequenceNumber long sequence) {
        if (outcome(e.scheduleId(), sequence, e.occurrence(), "PAID", null)) {
            occurrence(e.scheduleId(), e.occurrence(), "PAID", e.attempt(), e.transferId(), null, null, null,
                    e.paidAt());
        }
    }

    @EventHandler
    void on(RecurringPaymentFailed e, @SequenceNumber long sequence) {
        if (outcome(e.scheduleId(), sequence, e.occurrence(), "FAILED", e.reason())) {
            occurrence(e.scheduleId(), e.occurrence(), "FAILED", e.attempt(), null, e.reason(), null,
                    e.nextRetryAt(), e.failedAt());
        }
    }

    @EventHandler
    void on(RecurringPaymentAbandoned e, @SequenceNumber long sequence) {
        if (outcome(e.scheduleId(), sequence, e.occurrence(), "ABANDONED", e.reason())) {
            occurrence(e.scheduleId(), e.occurrence(), "ABANDONED", e.attempts(), null, e.reason(), null, null,
                    e.abandonedAt());
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update(RebuildableProjection.in(schema,
                "truncate read_model.recurring_payment_schedules, read_model.recurring_payment_occurrences"));
    }

    private boolean outcome(String scheduleId, long sequence, LocalDate date, String status, String reason) {
        return update(scheduleId, sequence,
                "last_outcome_date = ?, last_outcome_status = ?, last_outcome_reason = ?", date, status,
                reason);
    }

    /** Applies {@code assignments} and advances the sequence; false when this event was applied before. */
    private boolean update(String scheduleId, long sequence, String assignments, Object... values) {
        String set = assignments == null ? "" : assignments + ", ";
        Object[] arguments = new Object[values.length + 3];
        System.arraycopy(values, 0, arguments, 0, values.length);
        arguments[values.length] = sequence;
        arguments[values.length + 1] = scheduleId;
        arguments[values.length + 2] = sequence - 1;
        // Only onto the row holding the stream's previous event: a skipped event fails below instead of vanishing.
        int rows = jdbc.update(RebuildableProjection.in(schema, "update read_model.recurring_payment_schedules set "
                + set + "last_sequence = ? where schedule_id = ? and last_sequence = ?"), arguments);
        if (rows == 1) {
            return true;
        }
        List<Long> applied = jdbc.queryForList(RebuildableProjection.in(schema, "select last_sequence from "
                + "read_model.recurring_payment_schedules where schedule_id = ?"), Long.class, scheduleId);
        if (applied.isEmpty() || applied.get(0) < sequence) {
            throw new IllegalStateException("read model has no schedule " + scheduleId + " to apply event "
                    + sequence + " to");
        }
        return false;
    }

    private void occurrence(String scheduleId, LocalDate date, String status, int attempts, String transferId,
                            String reason, Instant runAt, Instant nextRetryAt, Instant at) {
        jdbc.update(RebuildableProjection.in(schema, """
                insert into read_model.recurring_payment_occurrences (schedule_id, occurrence, status, attempts,
                    transfer_id, reason, run_at, next_retry_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (schedule_id, occurrence) do update set status = excluded.status,
                    attempts = excluded.attempts, transfer_id = excluded.transfer_id, reason = excluded.reason,
                    run_at = coalesce(excluded.run_at, recurring_payment_occurrences.run_at),
                    next_retry_at = excluded.next_retry_at, updated_at = excluded.updated_at"""),
                scheduleId, date, status, attempts, transferId, reason, timestamp(runAt), timestamp(nextRetryAt),
                timestamp(at));
    }

    /** An instant as the driver binds it to a {@code timestamptz}: PostgreSQL's JDBC driver takes no Instant. */
    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
