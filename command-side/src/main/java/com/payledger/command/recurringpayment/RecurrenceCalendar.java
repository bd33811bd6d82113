package com.payledger.command.recurringpayment;

import com.payledger.events.recurringpayment.Recurrence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * The occurrences of a {@link Recurrence}, expanded by lib-recur: local dates from the RRULE, each run at the local
 * time of day in the schedule's zone.
 *
 * <p>Daylight saving: {@link ZonedDateTime#of} moves a time that falls into a spring-forward gap forward by the
 * gap's length (02:30 becomes 03:30), and takes the earlier offset for a time that occurs twice in autumn, so every
 * occurrence date has exactly one run.
 *
 * <p>Short months: CLAMP adds RFC 7529's {@code RSCALE=GREGORIAN;SKIP=BACKWARD}, which lib-recur implements, so
 * a payment on the 31st runs on February's last day; SKIP is plain RFC 5545, where that month has no occurrence.
 */
public final class RecurrenceCalendar {

    /** No scan walks further than this many occurrences: bounds work on rules with tiny intervals. */
    public static final int SCAN_MAX = 100_000;
    /**
     * No walk over the calendar crosses more periods of the rule's FREQ than this many candidate dates are worth
     * ({@link RuleCost}): 3-6 ms of CPU, measured. A walk from the start date (every walk of a COUNT rule) or from the
     * date it is asked from otherwise ends there, as the calendar's end would end it. Occurrences are never more than
     * a thousand periods apart (lib-recur gives up beyond, see {@link Walk#next}), and a walk may cross at least
     * 1,562, so a walk that is not from the start date finds every next occurrence.
     */
    static final int WALK_CANDIDATES_MAX = 100_000;
    /** The most candidate dates per period a new rule may expand into ({@link #requireServable}). */
    static final int PERIOD_CANDIDATES_MAX = 64;
    /** The most remaining occurrences a planned run counts ({@link #remainingFrom}). */
    public static final int REMAINING_COUNTED_MAX = 10_000;

    /** One run of a schedule: its local date and the instant it runs. */
    public record Occurrence(LocalDate date, Instant runAt) {
    }

    private final Recurrence recurrence;
    private final ZoneId zone;
    private final RecurrenceRule rule;
    private final String frequency;
    private final int interval;
    private final boolean counted;
    /** The rule's work per period ({@link RuleCost}). */
    private final int unitsPerPeriod;
    /** How many periods one walk may cross: {@link #WALK_CANDIDATES_MAX} over {@link #unitsPerPeriod}. */
    private final int periodsPerWalk;

    /**
     * Every calendar ends here: the last date and instant the API takes back as input (years 1 to 9999, which
     * PostgreSQL's types and ISO-8601 without a sign both hold). A rule that runs on past it ends at its last
     * occurrence before, as if it had an UNTIL; a client could otherwise be shown an occurrence in the year 10000
     * that it cannot name in a pause or a forecast.
     */
    static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);
    static final Instant LAST_RUN = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** A rule must produce this many occurrences without error (or end) before it is accepted. */
    static final int TRIAL_OCCURRENCES = 50;

    private RecurrenceCalendar(Recurrence recurrence) {
        this.recurrence = recurrence;
        this.zone = zone(recurrence.timeZone());
        RuleText text = RuleText.read(recurrence.rrule(), recurrence.shortMonthPolicy());
        this.rule = text.rule();
        Map<String, String> parts = text.parts();
        this.frequency = parts.get("FREQ");
        this.interval = parts.containsKey("INTERVAL") ? Integer.parseInt(parts.get("INTERVAL")) : 1;
        this.counted = parts.containsKey("COUNT");
        this.unitsPerPeriod = RuleCost.candidatesPerPeriod(parts);
        this.periodsPerWalk = WALK_CANDIDATES_MAX / unitsPerPeriod;
        requireExpandable();
    }

    /** @throws IllegalArgumentException when the rule, the zone or the combination is not supported */
    public static RecurrenceCalendar of(Recurrence recurrence) {
        return new RecurrenceCalendar(recurrence);
    }

    /**
     * The checks of a new rule that keep every walk over its calendar within {@link #WALK_CANDIDATES_MAX}; stored rules
     * are not held to them (their walks are still bounded, see {@link Walk}).
     *
     * @throws TooCostly when it costs more than {@link #PERIOD_CANDIDATES_MAX} units per period, or has
     *                   a COUNT whose last occurrence lies further from the start date than one walk may go: every
     *                   walk of a COUNT rule starts there, since the count does
     */
    void requireServable() {
        if (unitsPerPeriod > PERIOD_CANDIDATES_MAX) {
            throw new TooCostly("rrule costs about " + unitsPerPeriod + " units of work per " + periodName() + " (the "
                    + "dates its BY parts expand into, plus one, twice that with BYSETPOS); at most "
                    + PERIOD_CANDIDATES_MAX + " are served: list fewer values, or use a shorter FREQ");
        }
        if (counted) {
            Walk walk = new Walk(recurrence.startDate());
            while (walk.next() != null) {
                // to its last occurrence, or to the walk's horizon
            }
            if (walk.reachedHorizon) {
                throw new TooCostly("rrule's COUNT runs past " + walk.horizon + ": a rule with COUNT may span at most "
                        + periodsPerWalk + " of its periods from the startDate (use UNTIL, or a later startDate)");
            }
        }
    }

    /** A rule that parses and expands but that the ledger will not take on: its calendar costs too much to walk. */
    static final class TooCostly extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooCostly(String message) {
            super(message);
        }
    }

    public Instant runAt(LocalDate date) {
        return ZonedDateTime.of(date, recurrence.timeOfDay(), zone).toInstant();
    }

    /** The start of {@code date} in the schedule's zone (the first valid instant of that day). */
    public Instant startOf(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    public LocalDate dateAt(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    public boolean isBounded() {
        return !rule.isInfinite();
    }

    /** The first occurrence after {@code decidedThrough} (exclusive; null: none) running at or after {@code now}. */
    public Optional<Occurrence> firstRunningFrom(LocalDate decidedThrough, Instant now) {
        return firstRunningFrom(decidedThrough, now, Set.of());
    }

    /** As {@link #firstRunningFrom(LocalDate, Instant)}, passing over the {@code excluded} dates. */
    public Optional<Occurrence> firstRunningFrom(LocalDate decidedThrough, Instant now, Set<LocalDate> excluded) {
        // A gap moves a run at most into the next day (Samoa skipped a whole one), so no occurrence dated before the
        // day before now's date runs at or after now. Two days back: the second is a spare.
        LocalDate runsNoEarlier = dateAt(now).minusDays(2);
        return first(decidedThrough, runsNoEarlier, o -> !o.runAt().isBefore(now) && !excluded.contains(o.date()));
    }

    /** The first occurrence after {@code decidedThrough} (exclusive) on or after {@code date}. */
    public Optional<Occurrence> firstOnOrAfter(LocalDate decidedThrough, LocalDate date) {
        return firstOnOrAfter(decidedThrough, date, Set.of());
    }

    /** As {@link #firstOnOrAfter(LocalDate, LocalDate)}, passing over the {@code excluded} dates. */
    public Optional<Occurrence> firstOnOrAfter(LocalDate decidedThrough, LocalDate date, Set<LocalDate> excluded) {
        return first(decidedThrough, date, o -> !o.date().isBefore(date) && !excluded.contains(o.date()));
    }

    /** Occurrences from {@code fromInclusive} on whose run time is not after {@code now}, in order. */
    public List<Occurrence> dueFrom(LocalDate fromInclusive, Instant now) {
        List<Occurrence> due = new ArrayList<>();
        Walk walk = new Walk(fromInclusive);
        for (int scanned = 0; scanned < SCAN_MAX; scanned++) {
            Occurrence occurrence = walk.next();
            if (occurrence == null || occurrence.runAt().isAfter(now)) {
                break;
            }
            due.add(occurrence);
        }
        return due;
    }

    /** Up to {@code limit} occurrences from {@code fromInclusive} on, no later than {@code toInclusive} (or null). */
    public List<Occurrence> between(LocalDate fromInclusive, LocalDate toInclusive, int limit) {
        List<Occurrence> occurrences = new ArrayList<>();
        Walk walk = new Walk(fromInclusive);
        for (int scanned = 0; scanned < SCAN_MAX && occurrences.size() < limit; scanned++) {
            Occurrence occurrence = walk.next();
            if (occurrence == null || toInclusive != null && occurrence.date().isAfter(toInclusive)) {
                break;
            }
            occurrences.add(occurrence);
        }
        return occurrences;
    }

    /**
     * For a bounded rule, how many occurrences remain from {@code fromInclusive} on; null when unbounded, or when more
     * than {@value #REMAINING_COUNTED_MAX} remain (a daily rule more than 27 years from its end): counting stops
     * there, or where the walk that counts them reaches its horizon ({@link #WALK_CANDIDATES_MAX}). Every planned run
     * counts afresh, and an API client chooses the rule: counting to {@value #SCAN_MAX} took 80-100 ms of CPU per
     * run, and 10,000 occurrences of a rule with large BY lists up to 400 ms.
     */
    public Integer remainingFrom(LocalDate fromInclusive) {
        if (!isBounded()) {
            return null;
        }
        Walk walk = new Walk(fromInclusive);
        int remaining = 0;
        while (remaining <= REMAINING_COUNTED_MAX && walk.next() != null) {
            remaining++;
        }
        return remaining > REMAINING_COUNTED_MAX || walk.reachedHorizon ? null : remaining;
    }

    /**
     * lib-recur accepts some rules it cannot expand (February 30th, an absolute UNTIL with a floating start): it
     * throws only while iterating. Expanding the first occurrences here turns that into a refusal up front.
     */
    private void requireExpandable() {
        LocalDate horizon = horizonFrom(recurrence.startDate());
        try {
            RecurrenceRuleIterator iterator = rule.iterator(toDateTime(recurrence.startDate()));
            for (int i = 0; i < TRIAL_OCCURRENCES && iterator.hasNext(); i++) {
                // Past the horizon or the last date, no walk ever sees an occurrence: nothing more to try.
                if (toLocalDate(iterator.nextDateTime()).isAfter(horizon)) {
                    break;
                }
            }
        } catch (RuntimeException unusable) {
            // The library's own words ("too many filtered recurrence instances") would tell a client nothing.
            // lib-recur also gives up on a rule that yields no date for a thousand of its periods in a row, which
            // RFC 5545 allows: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO (February 29th on a Monday) is valid.
            throw new IllegalArgumentException("rrule produces no usable dates: it names a date that never occurs "
                    + "(such as February 30th), or none for a thousand of its periods in a row (such as "
                    + "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO: use a longer FREQ such as YEARLY)", unusable);
        }
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (java.time.DateTimeException unknown) {
            throw new IllegalArgumentException("unknown time zone " + timeZone, unknown);
        }
    }

    /**
     * The first accepted occurrence after {@code decidedThrough}, fast-forwarded to {@code acceptsNoEarlier} (no
     * occurrence dated before it is accepted): {@link #SCAN_MAX} then bounds only the occurrences that are tested,
     * so a daily rule that started centuries ago still finds its next run.
     */
    private Optional<Occurrence> first(LocalDate decidedThrough, LocalDate acceptsNoEarlier,
                                       Predicate<Occurrence> accept) {
        LocalDate from = decidedThrough == null ? recurrence.startDate() : decidedThrough.plusDays(1);
        Walk walk = new Walk(acceptsNoEarlier.isAfter(from) ? acceptsNoEarlier : from);
        for (int scanned = 0; scanned < SCAN_MAX; scanned++) {
            Occurrence occurrence = walk.next();
            if (occurrence == null) {
                break;
            }
            if (accept.test(occurrence)) {
                return Optional.of(occurrence);
            }
        }
        return Optional.empty();
    }

    /**
     * One walk over the calendar from a date on: {@link #next} until null. It ends where the calendar ends (the
     * rule has no more, the next is past {@link #LAST_DATE}, lib-recur gives up) and at its horizon, the date past
     * which it would cross more than {@link #periodsPerWalk} periods from its origin (the start date for a COUNT
     * rule, else the date it walks from).
     */
    private final class Walk {

        private final RecurrenceRuleIterator iterator;
        private final LocalDate horizon;
        private boolean reachedHorizon;

        Walk(LocalDate fromInclusive) {
            LocalDate start = recurrence.startDate();
            LocalDate from = fromInclusive.isAfter(start) ? fromInclusive : start;
            this.horizon = horizonFrom(counted ? start : from);
            this.iterator = from.isAfter(horizon) ? null : iteratorFrom(from);
            this.reachedHorizon = horizon.isBefore(LAST_DATE) && from.isAfter(horizon);
        }

        /**
         * The next occurrence, or null where the walk ends. lib-recur gives up ("too many empty recurrence sets")
         * where a rule yields nothing for a thousand periods in a row, which the trial of {@link #requireExpandable}
         * cannot see when it happens only after the trial's occurrences: FREQ=DAILY;INTERVAL=396;BYMONTH=2,7,10;
         * BYMONTHDAY=30 from 2026-11-10 has 83 occurrences, then gives up. That failure is the same on every
         * expansion of the rule, so ending the calendar there keeps the command side, the upcoming runs and the
         * forecast in agreement; thrown, it was a 500 for every view past it and a deadline that failed each time it
         * fired.
         */
        Occurrence next() {
            try {
                if (iterator == null || !iterator.hasNext()) {
                    return null;
                }
                Occurrence occurrence = toOccurrence(iterator.nextDateTime());
                // A horizon on the last date is the calendar's end, which counts as the rule's.
                reachedHorizon = horizon.isBefore(LAST_DATE) && occurrence.date().isAfter(horizon);
                return reachedHorizon || pastTheEnd(occurrence) ? null : occurrence;
            } catch (IllegalArgumentException gaveUp) {
                return null;
            }
        }
    }

    /** The last date a walk from {@code origin} reaches: {@link #periodsPerWalk} periods on, or the calendar's end. */
    private LocalDate horizonFrom(LocalDate origin) {
        long units = (long) periodsPerWalk * interval;
        LocalDate horizon = switch (frequency) {
            case "WEEKLY" -> origin.plusWeeks(units);
            case "MONTHLY" -> origin.plusMonths(units);
            case "YEARLY" -> origin.plusYears(Math.min(units, LAST_DATE.getYear()));
            default -> origin.plusDays(units);
        };
        return horizon.isAfter(LAST_DATE) ? LAST_DATE : horizon;
    }

    private String periodName() {
        return switch (frequency) {
            case "WEEKLY" -> "week";
            case "MONTHLY" -> "month";
            case "YEARLY" -> "year";
            default -> "day";
        };
    }

    /**
     * An iterator at the first occurrence on or after {@code fromInclusive}, or null when lib-recur gives up before.
     * COUNT counts from the start date, so a COUNT rule always iterates from there and fast-forwards. lib-recur's
     * fast-forward steps through every period, which for a daily rule that started in the year 1 is 3.6 million
     * steps (10 ms), for a weekly one 3 ms: without COUNT, a daily or weekly rule starts instead at the start date
     * moved on by whole periods to the last on or before the date. That generates the same dates from there on:
     * DTSTART gives such a rule only its weekday and the phase of its INTERVAL, which whole periods keep.
     */
    private RecurrenceRuleIterator iteratorFrom(LocalDate fromInclusive) {
        LocalDate start = recurrence.startDate();
        int periodDays = frequency.equals("DAILY") ? 1 : frequency.equals("WEEKLY") ? 7 : 0;
        if (!counted && periodDays > 0 && fromInclusive.isAfter(start)) {
            long stepDays = (long) periodDays * interval;
            start = start.plusDays(ChronoUnit.DAYS.between(start, fromInclusive) / stepDays * stepDays);
        }
        RecurrenceRuleIterator iterator = rule.iterator(toDateTime(start));
        try {
            if (fromInclusive.isAfter(start)) {
                iterator.fastForward(toDateTime(fromInclusive));
            }
        } catch (IllegalArgumentException gaveUp) {
            return null; // lib-recur gave up before fromInclusive: the calendar ended there (see Walk.next)
        }
        return iterator;
    }

    /** Occurrences come in order of date and run time, so the first past {@link #LAST_DATE} ends the calendar. */
    private static boolean pastTheEnd(Occurrence occurrence) {
        return occurrence.date().isAfter(LAST_DATE) || occurrence.runAt().isAfter(LAST_RUN);
    }

    private Occurrence toOccurrence(DateTime dateTime) {
        LocalDate date = toLocalDate(dateTime);
        return new Occurrence(date, runAt(date));
    }

    private static LocalDate toLocalDate(DateTime dateTime) {
        return LocalDate.of(dateTime.getYear(), dateTime.getMonth() + 1, dateTime.getDayOfMonth());
    }

    private static DateTime toDateTime(LocalDate date) {
        return new DateTime(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
    }
}
