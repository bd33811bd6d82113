package com.payledger.command.recurringpayment;

import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
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
    /** The most remaining occurrences a planned run counts ({@link #remainingFrom}). */
    public static final int REMAINING_COUNTED_MAX = 10_000;
    /** The RRULE parts a client may use; RSCALE and SKIP come from the short-month policy instead. */
    static final Set<String> SUPPORTED_PARTS = Set.of("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY",
            "BYMONTH", "BYSETPOS", "WKST");
    static final Set<String> SUPPORTED_FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");

    /** One run of a schedule: its local date and the instant it runs. */
    public record Occurrence(LocalDate date, Instant runAt) {
    }

    private final Recurrence recurrence;
    private final ZoneId zone;
    private final RecurrenceRule rule;

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
        this.rule = parse(recurrence.rrule(), recurrence.shortMonthPolicy());
        requireExpandable();
    }

    /** @throws IllegalArgumentException when the rule, the zone or the combination is not supported */
    public static RecurrenceCalendar of(Recurrence recurrence) {
        return new RecurrenceCalendar(recurrence);
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
        RecurrenceRuleIterator iterator = iteratorFrom(fromInclusive);
        for (int scanned = 0; scanned < SCAN_MAX; scanned++) {
            Occurrence occurrence = next(iterator);
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
        RecurrenceRuleIterator iterator = iteratorFrom(fromInclusive);
        for (int scanned = 0; scanned < SCAN_MAX && occurrences.size() < limit; scanned++) {
            Occurrence occurrence = next(iterator);
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
     * there. Every planned run counts afresh, and an API client chooses the rule, so the count is kept cheap: about
     * 10 ms at most here, where counting to {@value #SCAN_MAX} took 80-100 ms of CPU per run.
     */
    public Integer remainingFrom(LocalDate fromInclusive) {
        if (!isBounded()) {
            return null;
        }
        RecurrenceRuleIterator iterator = iteratorFrom(fromInclusive);
        int remaining = 0;
        while (remaining <= REMAINING_COUNTED_MAX && next(iterator) != null) {
            remaining++;
        }
        return remaining > REMAINING_COUNTED_MAX ? null : remaining;
    }

    /**
     * lib-recur accepts some rules it cannot expand (February 30th, an absolute UNTIL with a floating start): it
     * throws only while iterating. Expanding the first occurrences here turns that into a refusal up front.
     */
    private void requireExpandable() {
        try {
            RecurrenceRuleIterator iterator = rule.iterator(toDateTime(recurrence.startDate()));
            for (int i = 0; i < TRIAL_OCCURRENCES && iterator.hasNext(); i++) {
                iterator.nextDateTime();
            }
        } catch (RuntimeException unusable) {
            // The library's own words ("too many filtered recurrence instances") would tell a client nothing.
            throw new IllegalArgumentException("rrule produces no usable dates (for example, it names a date that "
                    + "never occurs, such as February 30th)", unusable);
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
        RecurrenceRuleIterator iterator = iteratorFrom(acceptsNoEarlier.isAfter(from) ? acceptsNoEarlier : from);
        for (int scanned = 0; scanned < SCAN_MAX; scanned++) {
            Occurrence occurrence = next(iterator);
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
     * The next occurrence, or null where the calendar ends: the rule has no more, the next is past {@link #LAST_DATE},
     * or lib-recur gives up. It gives up ("too many empty recurrence sets") where a rule yields nothing for a thousand
     * periods in a row, which the trial of {@link #requireExpandable} cannot see when it happens only after the
     * trial's occurrences: FREQ=DAILY;INTERVAL=396;BYMONTH=2,7,10;BYMONTHDAY=30 from 2026-11-10 has 83 occurrences,
     * then gives up. That failure is the same on every expansion of the rule, so ending the calendar there keeps the
     * command side, the upcoming runs and the forecast in agreement; thrown, it was a 500 for every view past it and
     * a deadline that failed each time it fired.
     */
    private Occurrence next(RecurrenceRuleIterator iterator) {
        try {
            if (iterator == null || !iterator.hasNext()) {
                return null;
            }
            Occurrence occurrence = toOccurrence(iterator.nextDateTime());
            return pastTheEnd(occurrence) ? null : occurrence;
        } catch (IllegalArgumentException gaveUp) {
            return null;
        }
    }

    /** Occurrences come in order of date and run time, so the first past {@link #LAST_DATE} ends the calendar. */
    private static boolean pastTheEnd(Occurrence occurrence) {
        return occurrence.date().isAfter(LAST_DATE) || occurrence.runAt().isAfter(LAST_RUN);
    }

    private RecurrenceRuleIterator iteratorFrom(LocalDate fromInclusive) {
        // COUNT counts from the start date, so always iterate from there and fast-forward.
        RecurrenceRuleIterator iterator = rule.iterator(toDateTime(recurrence.startDate()));
        try {
            if (fromInclusive.isAfter(recurrence.startDate())) {
                iterator.fastForward(toDateTime(fromInclusive));
            }
        } catch (IllegalArgumentException gaveUp) {
            return null; // lib-recur gave up before fromInclusive: the calendar ended there (see next)
        }
        return iterator;
    }

    private Occurrence toOccurrence(DateTime dateTime) {
        LocalDate date = LocalDate.of(dateTime.getYear(), dateTime.getMonth() + 1, dateTime.getDayOfMonth());
        return new Occurrence(date, runAt(date));
    }

    private static DateTime toDateTime(LocalDate date) {
        return new DateTime(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
    }

    /**
     * Stored rules are read with this too, so it must keep accepting every rule it ever accepted (a trailing ";", a
     * tab trimmed away, an UNTIL lib-recur reads as another date): the stricter checks of a rule as a client sends it
     * now are {@link RulePartChecks#checkAsSent}'s.
     *
     * <p>Checks the client's rule against what the ledger supports and parses it. Each part is checked by name and
     * value range, so that a typo is an error rather than a silently different schedule.
     */
    static RecurrenceRule parse(String rrule, ShortMonthPolicy shortMonthPolicy) {
        if (rrule == null || rrule.isBlank() || rrule.length() > 200) {
            throw new IllegalArgumentException("rrule must be 1 to 200 characters");
        }
        String normalized = rrule.trim().toUpperCase(Locale.ROOT);
        if (normalized.startsWith("RRULE:")) {
            normalized = normalized.substring("RRULE:".length());
        }
        java.util.Map<String, String> parts = new java.util.LinkedHashMap<>();
        for (String part : normalized.split(";")) {
            String[] nameAndValue = part.split("=", 2);
            if (nameAndValue.length != 2 || !SUPPORTED_PARTS.contains(nameAndValue[0])) {
                throw new IllegalArgumentException("unsupported rrule part '" + part + "'; supported: "
                        + String.join(", ", SUPPORTED_PARTS.stream().sorted().toList()));
            }
            if (parts.put(nameAndValue[0], nameAndValue[1]) != null) {
                throw new IllegalArgumentException("rrule part " + nameAndValue[0] + " appears twice");
            }
            RulePartChecks.check(nameAndValue[0], nameAndValue[1]);
        }
        RulePartChecks.checkCombination(parts);
        String effective = shortMonthPolicy == ShortMonthPolicy.CLAMP
                ? normalized + ";RSCALE=GREGORIAN;SKIP=BACKWARD" : normalized;
        try {
            return new RecurrenceRule(effective);
        } catch (InvalidRecurrenceRuleException | RuntimeException invalid) {
            throw new IllegalArgumentException("invalid rrule: " + invalid.getMessage(), invalid);
        }
    }
}
