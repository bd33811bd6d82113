package com.payledger.query.schedule;

import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Reads the schedule read models. Dates and times are bound and read as java.time values, never as java.sql.Date or
 * Timestamp, whose Julian calendar before 1582-10-15 would move dates (see {@link ScheduleProjection}).
 */
@Component
class ScheduleQueries {

    private static final String COLUMNS = """
            schedule_id, owner_id, debit_account_id, credit_account_id, amount_minor, currency, description, rrule,
            start_date, time_of_day, time_zone, short_month_policy, catch_up_policy, catch_up_window, retry_delays,
            suspend_after_abandoned, status, paused_until, next_occurrence, next_run_at, remaining_occurrences,
            last_outcome_date, last_outcome_status, last_outcome_reason, last_sequence""";

    /**
     * Schedules as {@code s} with their earliest occurrence awaiting a retry: an occurrence is FAILED only between a
     * failed attempt and the start of the next (a pause, a cancellation or the last attempt abandons it).
     */
    private static final String SCHEDULES_WITH_PENDING_RETRY = """
            \sfrom read_model.recurring_payment_schedules s
             left join lateral (select o.occurrence as retry_date, o.attempts as retry_attempts,
                                       o.reason as retry_reason, o.next_retry_at as retry_at
                                  from read_model.recurring_payment_occurrences o
                                 where o.schedule_id = s.schedule_id and o.status = 'FAILED'
                                 order by o.occurrence limit 1) retry on true""";

    /** The forecast's schedules: a pending retry is counted from the occurrences, not shown. */
    private static final String NO_PENDING_RETRY = """
            , null::date as retry_date, null::int as retry_attempts, null::text as retry_reason,
            null::timestamptz as retry_at""";

    /**
     * A schedule from or into a closed account pays nothing more: every run fails ACCOUNT_CLOSED (an account never
     * reopens), is abandoned and in the end suspends the schedule. The forecast counted its runs all the same.
     */
    private static final String BOTH_ACCOUNTS_OPEN = """
            not exists (select 1 from read_model.accounts a
                         where a.account_id in (s.debit_account_id, s.credit_account_id) and a.status = 'CLOSED')""";

    private final JdbcTemplate jdbc;

    ScheduleQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ScheduleView> getSchedule(String scheduleId) {
        return jdbc.query("select " + COLUMNS + ", retry.*" + SCHEDULES_WITH_PENDING_RETRY
                + " where s.schedule_id = ?", ScheduleQueries::toView, scheduleId).stream().findFirst();
    }

    /** Schedules ordered by id, after {@code afterId} (exclusive, null for the first page); one more than asked. */
    List<ScheduleView> findSchedules(String ownerId, String status, String afterId, int limitPlusOne) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + ", retry.*" + SCHEDULES_WITH_PENDING_RETRY
                + " where s.schedule_id > ?");
        List<Object> arguments = new ArrayList<>(List.of(afterId == null ? "" : afterId));
        if (ownerId != null) {
            sql.append(" and s.owner_id = ?");
            arguments.add(ownerId);
        }
        if (status != null) {
            sql.append(" and s.status = ?");
            arguments.add(status);
        }
        sql.append(" order by s.schedule_id limit ?");
        arguments.add(limitPlusOne);
        return jdbc.query(sql.toString(), ScheduleQueries::toView, arguments.toArray());
    }

    /**
     * Occurrences newest first, before {@code beforeDate} (exclusive, null for the newest); one more than asked. The
     * first page has no bound at all: "before 9999-12-31" left out an occurrence on the last date a calendar has.
     */
    List<OccurrenceView> findOccurrences(String scheduleId, LocalDate beforeDate, int limitPlusOne) {
        String select = "select occurrence, status, attempts, transfer_id, reason, run_at, next_retry_at "
                + "from read_model.recurring_payment_occurrences where schedule_id = ?";
        if (beforeDate == null) {
            return jdbc.query(select + " order by occurrence desc limit ?", ScheduleQueries::toOccurrence,
                    scheduleId, limitPlusOne);
        }
        return jdbc.query(select + " and occurrence < ? order by occurrence desc limit ?",
                ScheduleQueries::toOccurrence, scheduleId, beforeDate, limitPlusOne);
    }

    /** Dates of the schedule a client skipped from {@code from} on: never paid. */
    Set<LocalDate> skippedFrom(String scheduleId, LocalDate from) {
        return new HashSet<>(jdbc.query("""
                select occurrence from read_model.recurring_payment_occurrences
                 where schedule_id = ? and status = 'SKIPPED' and occurrence >= ?""",
                (row, n) -> row.getObject("occurrence", LocalDate.class), scheduleId, from));
    }

    /** Schedules that will debit or credit {@code accountId}: those with a planned next run, both accounts open. */
    List<ScheduleView> findPlannedTouching(String accountId) {
        return jdbc.query("select " + COLUMNS + NO_PENDING_RETRY + " from read_model.recurring_payment_schedules s "
                + "where (debit_account_id = ? or credit_account_id = ?) and next_occurrence is not null and "
                + BOTH_ACCOUNTS_OPEN, ScheduleQueries::toView, accountId, accountId);
    }

    /**
     * For each schedule {@link #findPlannedTouching} finds, the dates a client skipped from its next occurrence on, in
     * one query: one query per schedule made the forecast of an account that many schedules pay into (a merchant's,
     * a payroll's) as slow as its number of schedules times a round trip.
     */
    Map<String, Set<LocalDate>> skippedByPlannedTouching(String accountId) {
        Map<String, Set<LocalDate>> skipped = new HashMap<>();
        jdbc.query("""
                select o.schedule_id, o.occurrence
                  from read_model.recurring_payment_schedules s
                  join read_model.recurring_payment_occurrences o on o.schedule_id = s.schedule_id
                 where (s.debit_account_id = ? or s.credit_account_id = ?) and s.next_occurrence is not null
                   and o.status = 'SKIPPED' and o.occurrence >= s.next_occurrence and\s""" + BOTH_ACCOUNTS_OPEN,
                (RowCallbackHandler) row -> skipped.computeIfAbsent(
                        row.getString("schedule_id"), id -> new HashSet<>())
                        .add(row.getObject("occurrence", LocalDate.class)), accountId, accountId);
        return skipped;
    }

    /**
     * A payment of a schedule touching an account that left the calendar but not the future: {@code at} is when it
     * moves money, and {@code debitAccountId} tells its direction.
     */
    record PendingPayment(String debitAccountId, long amount, Instant at) {
    }

    /**
     * Payments the calendar walk from each schedule's next occurrence no longer finds: an occurrence that is due (its
     * deadline fired, so the next occurrence moved on) whose transfer is not posted yet, and a failed one with a retry
     * to come. The forecast left both out, the first for the moment between the two (every day's balance was off).
     * A pause, a suspension or a cancellation abandons the retries. Each counts the amount its occurrence fell due
     * with, which a retry pays even after the schedule's amount was changed.
     */
    List<PendingPayment> pendingTouching(String accountId) {
        return jdbc.query("""
                select s.debit_account_id, coalesce(o.amount_minor, s.amount_minor),
                       coalesce(o.next_retry_at, o.run_at) as at
                  from read_model.recurring_payment_schedules s
                  join read_model.recurring_payment_occurrences o on o.schedule_id = s.schedule_id
                 where (s.debit_account_id = ? or s.credit_account_id = ?)
                   and (o.status = 'DUE' and o.run_at is not null and not exists (
                            select 1 from read_model.transfers t
                             where t.transfer_id = 'sched~' || s.schedule_id || '~'
                                   || to_char(o.occurrence, 'YYYY-MM-DD'))
                        or o.status = 'FAILED' and o.next_retry_at is not null
                           and s.status not in ('PAUSED', 'SUSPENDED', 'CANCELLED'))
                   and\s""" + BOTH_ACCOUNTS_OPEN,
                (row, number) -> new PendingPayment(row.getString(1), row.getLong(2),
                        row.getObject(3, OffsetDateTime.class).toInstant()), accountId, accountId);
    }

    static Recurrence recurrenceOf(ScheduleView view) {
        return new Recurrence(view.rrule(), view.startDate(), view.timeOfDay(), view.timeZone(),
                ShortMonthPolicy.valueOf(view.shortMonthPolicy()));
    }

    private static ScheduleView toView(ResultSet row, int rowNumber) throws SQLException {
        String outcomeStatus = row.getString("last_outcome_status");
        return new ScheduleView(row.getString("schedule_id"), row.getString("owner_id"),
                row.getString("debit_account_id"), row.getString("credit_account_id"), row.getLong("amount_minor"),
                row.getString("currency"), row.getString("description"), row.getString("rrule"),
                row.getObject("start_date", LocalDate.class), row.getObject("time_of_day", LocalTime.class),
                row.getString("time_zone"), row.getString("short_month_policy"), row.getString("catch_up_policy"),
                Duration.parse(row.getString("catch_up_window")),
                new ScheduleView.RetryPolicy(durations(row.getString("retry_delays")),
                        row.getInt("suspend_after_abandoned")),
                row.getString("status"), row.getObject("paused_until", LocalDate.class),
                row.getObject("next_occurrence", LocalDate.class), instant(row, "next_run_at"),
                (Integer) row.getObject("remaining_occurrences"),
                outcomeStatus == null ? null : new ScheduleView.Outcome(row.getObject("last_outcome_date",
                        LocalDate.class), outcomeStatus, row.getString("last_outcome_reason")),
                row.getObject("retry_date") == null ? null : new ScheduleView.PendingRetry(
                        row.getObject("retry_date", LocalDate.class), row.getInt("retry_attempts"),
                        row.getString("retry_reason"), instant(row, "retry_at")), row.getLong("last_sequence"));
    }

    private static OccurrenceView toOccurrence(ResultSet row, int rowNumber) throws SQLException {
        return new OccurrenceView(row.getObject("occurrence", LocalDate.class), row.getString("status"),
                row.getInt("attempts"), row.getString("transfer_id"), row.getString("reason"), instant(row, "run_at"),
                instant(row, "next_retry_at"));
    }

    private static List<Duration> durations(String joined) {
        return joined.isEmpty() ? List.of() : Arrays.stream(joined.split(",")).map(Duration::parse).toList();
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime timestamp = row.getObject(column, OffsetDateTime.class);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
