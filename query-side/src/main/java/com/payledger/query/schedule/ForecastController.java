package com.payledger.query.schedule;

import com.payledger.query.access.Reader;
import com.payledger.query.account.AccountQueries;
import com.payledger.query.account.AccountView;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The projected balance of an account day by day: today's posted balance plus every upcoming scheduled debit and
 * credit that touches it, with the payments the calendar no longer shows: one due and not posted yet (today), and a
 * failed one's retry (on its day).
 *
 * <p>A day is a UTC date, as today is, and a payment counts on the UTC date of the instant it runs. An account has no
 * time zone, and its schedules may each have another: their local occurrence dates do not line up with one another
 * or with today. Counted on its local date from today's UTC date on, an evening run west of UTC, whose local date
 * is yesterday's while it is still to come, was left out, and a run east of UTC counted a day after it moves money.
 */
@Tag(name = "Accounts")
@RestController
class ForecastController {

    static final int HORIZON_DAYS_MAX = 366;
    static final int HORIZON_DAYS_DEFAULT = 30;

    record Day(LocalDate date, long balance) {
    }

    record Forecast(String accountId, String currency, List<Day> items) {
    }

    private final AccountQueries accounts;
    private final ScheduleQueries schedules;
    private final OccurrenceCalendar calendar;
    private final Clock clock;

    private final TransactionTemplate snapshot;

    ForecastController(AccountQueries accounts, ScheduleQueries schedules, OccurrenceCalendar calendar, Clock clock,
                       DataSource dataSource) {
        this.accounts = accounts;
        this.schedules = schedules;
        this.calendar = calendar;
        this.clock = clock;
        // The balance, the schedules and the payments under way read in one snapshot: read one by one, a payment
        // posted between them was in none (the balance from before it, the schedule already past it).
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
    }

    @Operation(operationId = "getForecast",
            summary = "Projected balance day by day", description = "Days are UTC dates, from today to until "
            + "(at most 366 days ahead, default 30 days): the posted balance at the end of each day (24:00 UTC) after "
            + "the scheduled payments that run that day. A payment counts on the UTC date of its runAt, which can "
            + "differ from its occurrence date in the schedule's time zone; a payment that is due but not posted "
            + "yet counts today, and a failed payment's retry on the day of its nextRetryAt. Every run counts as "
            + "paid, even one the debit account could not afford, except those of a schedule from or into a closed "
            + "account, which all fail. "
            + "422 FORECAST_OUT_OF_RANGE when a "
            + "projected balance would leave the range a balance can hold.")
    @GetMapping(path = "/api/v1/accounts/{id}/forecast", produces = MediaType.APPLICATION_JSON_VALUE)
    Forecast forecast(@PathVariable String id, @RequestParam(required = false) String until, Reader reader) {
        PathIds.ledgerId(id);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate last = horizon(until, today);
        return snapshot.execute(status -> forecast(id, today, last, reader));
    }

    private Forecast forecast(String id, LocalDate today, LocalDate last, Reader reader) {
        AccountView account = accounts.getAccount(id, reader)
                .orElseThrow(() -> QueryProblems.notFound("ACCOUNT_NOT_FOUND", "no such account"));
        Map<LocalDate, Long> changes = new TreeMap<>();
        Map<String, Set<LocalDate>> skippedBySchedule = schedules.skippedByPlannedTouching(id);
        for (ScheduleView schedule : schedules.findPlannedTouching(id)) {
            long signed = schedule.debitAccountId().equals(id) ? -schedule.amount() : schedule.amount();
            Set<LocalDate> skipped = skippedBySchedule.getOrDefault(schedule.id(), Set.of());
            // A run is at most a day from its local date in UTC: one local date past the horizon finds all inside it.
            calendar.occurrences(ScheduleQueries.recurrenceOf(schedule), schedule.nextOccurrence(), last.plusDays(1),
                            HORIZON_DAYS_MAX * 24).stream()
                    .filter(occurrence -> !skipped.contains(occurrence.date()))
                    .map(occurrence -> dayOf(occurrence.runAt(), today))
                    .filter(day -> !day.isAfter(last))
                    .forEach(day -> changes.merge(day, signed, ForecastController::plus));
        }
        for (ScheduleQueries.PendingPayment pending : schedules.pendingTouching(id)) {
            LocalDate day = dayOf(pending.at(), today);
            if (!day.isAfter(last)) {
                changes.merge(day, pending.debitAccountId().equals(id) ? -pending.amount() : pending.amount(),
                        ForecastController::plus);
            }
        }
        List<Day> days = new ArrayList<>();
        long balance = account.balance().posted();
        for (LocalDate day = today; !day.isAfter(last); day = day.plusDays(1)) {
            balance = plus(balance, changes.getOrDefault(day, 0L));
            days.add(new Day(day, balance));
        }
        return new Forecast(id, account.currency(), days);
    }

    /**
     * The UTC date a run moves money on. A planned run whose time has come but that has not been paid yet (the
     * deadline fires a moment later) moves it today.
     */
    private static LocalDate dayOf(Instant runAt, LocalDate today) {
        LocalDate date = LocalDate.ofInstant(runAt, ZoneOffset.UTC);
        return date.isBefore(today) ? today : date;
    }

    /**
     * A sum the forecast cannot show: the ledger itself refuses a transfer that would take a balance out of this
     * range (BALANCE_WOULD_OVERFLOW), so such a day says more about the schedules than about money to come.
     */
    private static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException outOfRange) {
            throw QueryProblems.unprocessable("FORECAST_OUT_OF_RANGE", "the projected balance leaves the range a "
                    + "balance can hold (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + " minor units); ask for an "
                    + "earlier until");
        }
    }

    private static LocalDate horizon(String until, LocalDate today) {
        if (until == null) {
            return today.plusDays(HORIZON_DAYS_DEFAULT);
        }
        try {
            LocalDate last = LocalDate.parse(until);
            if (!last.isBefore(today) && !last.isAfter(today.plusDays(HORIZON_DAYS_MAX))) {
                return last;
            }
        } catch (DateTimeParseException malformed) {
            // answered below
        }
        throw QueryProblems.badParameter("INVALID_UNTIL", "until", "until must be a date from today to "
                + HORIZON_DAYS_MAX + " days ahead, like 2027-01-31");
    }
}
