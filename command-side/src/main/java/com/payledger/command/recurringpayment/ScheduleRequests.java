package com.payledger.command.recurringpayment;

import static com.payledger.command.web.InputRules.currency;
import static com.payledger.command.web.InputRules.id;
import static com.payledger.command.web.InputRules.ownerId;
import static com.payledger.command.web.InputRules.required;
import static com.payledger.command.web.InputRules.text;

import com.payledger.command.account.AccountId;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.transfer.TransferRules;
import com.payledger.command.web.Problems;
import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The bodies of the schedule endpoints, and their shape rules (400 with a code when broken). */
final class ScheduleRequests {

    static final List<Duration> DEFAULT_RETRY_DELAYS =
            List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    static final int DEFAULT_SUSPEND_AFTER_ABANDONED = 3;
    static final Duration DEFAULT_CATCH_UP_WINDOW = Duration.ofDays(7);
    static final int RETRY_DELAYS_MAX = 10;
    static final Duration RETRY_DELAY_MIN = Duration.ofMinutes(1);
    static final Duration RETRY_DELAY_MAX = Duration.ofDays(30);
    static final Duration CATCH_UP_WINDOW_MAX = Duration.ofDays(366);
    /**
     * The region names of the time zone database this JVM carries, less the SystemV names the JDK still lists though
     * IANA dropped them in 2020.
     */
    private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(name -> !name.startsWith("SystemV/")).collect(Collectors.toUnmodifiableSet());

    private ScheduleRequests() {
    }

    /** The body of {@code POST /api/v1/schedules}; {@code @Nullable}: may be left out for its default. */
    record CreateScheduleRequest(String id, String ownerId, String debitAccountId, String creditAccountId,
                                 @Schema(minimum = "1", maximum = "" + TransferRules.AMOUNT_MINOR_MAX) Long amount,
                                 String currency, @Nullable String description, String rrule, String startDate,
                                 String timeOfDay, String timeZone, @Nullable String shortMonthPolicy,
                                 @Nullable String catchUpPolicy, @Nullable String catchUpWindow,
                                 @Nullable RetryPolicyRequest retryPolicy) {
    }

    record RetryPolicyRequest(@Nullable List<String> delays, @Nullable Integer suspendAfterAbandoned) {
    }

    /** {@code until}: the local date the pause ends on; left out, it lasts until a resume. */
    record PauseRequest(@Nullable String until) {
    }

    record ChangeAmountRequest(@Schema(minimum = "1", maximum = "" + TransferRules.AMOUNT_MINOR_MAX) Long amount) {
    }

    /** {@code occurrence}: the local date of the occurrence to skip, as nextOccurrence showed it. */
    record SkipRequest(@Nullable String occurrence) {
    }

    static CreateRecurringPayment toCommand(CreateScheduleRequest body) {
        Recurrence recurrence = new Recurrence(required(body.rrule(), "rrule"), date(body.startDate(), "startDate"),
                time(body.timeOfDay()), zone(body.timeZone()),
                choice(ShortMonthPolicy.class, body.shortMonthPolicy(), ShortMonthPolicy.SKIP, "shortMonthPolicy"));
        try {
            // Parts and length as every stored rule is read, then what only a new rule must be, before the rule is
            // expanded: a yearly shape refused as ambiguous may also expand to nothing, and its refusal says what to
            // send instead. (The checks as sent first took a 10 KB rule to a regex's stack overflow: a 500.)
            RuleText parsed = RuleText.read(recurrence.rrule(), recurrence.shortMonthPolicy());
            RulePartChecks.checkAsSent(recurrence.rrule());
            RulePartChecks.checkYearly(parsed.parts());
            RecurrenceCalendar.of(recurrence).requireServable();
        } catch (RecurrenceCalendar.TooCostly tooCostly) {
            throw Problems.badRequest("RRULE_TOO_COSTLY", "rrule", tooCostly.getMessage());
        } catch (IllegalArgumentException invalid) {
            throw Problems.badRequest("INVALID_RRULE", "rrule", invalid.getMessage());
        }
        RetryPolicyRequest retry = body.retryPolicy() == null ? new RetryPolicyRequest(null, null) : body.retryPolicy();
        return new CreateRecurringPayment(new ScheduleId(id(body.id(), "id")), ownerId(body.ownerId(), "ownerId"),
                new AccountId(id(body.debitAccountId(), "debitAccountId")),
                new AccountId(id(body.creditAccountId(), "creditAccountId")),
                new Money(required(body.amount(), "amount"), currency(body.currency(), "currency")),
                text(body.description(), "description"), recurrence,
                choice(CatchUpPolicy.class, body.catchUpPolicy(), CatchUpPolicy.RUN_ALL, "catchUpPolicy"),
                catchUpWindow(body.catchUpWindow()), retryDelays(retry.delays()),
                suspendAfter(retry.suspendAfterAbandoned()));
    }

    /**
     * A local date from year 1 to 9999. Java parses years up to 999999999, which PostgreSQL cannot store: such a
     * date made the schedule's read model fail inside the command's transaction, a 500.
     */
    static LocalDate date(String value, String field) {
        required(value, field);
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException malformed) {
            date = null;
        }
        if (date == null || date.getYear() < 1 || date.getYear() > 9999) {
            throw Problems.badRequest("INVALID_DATE", field, field + " must be a date like 2027-01-31, in the years "
                    + "1 to 9999");
        }
        return date;
    }

    /**
     * A local time to the microsecond. Java parses nanoseconds, but PostgreSQL keeps times in microseconds: the read
     * model would show such a schedule's time, its next run and its upcoming runs rounded, off from when it runs.
     */
    private static LocalTime time(String value) {
        required(value, "timeOfDay");
        LocalTime time;
        try {
            time = LocalTime.parse(value);
        } catch (DateTimeParseException malformed) {
            time = null;
        }
        if (time == null || time.getNano() % 1_000 != 0) {
            throw Problems.badRequest("INVALID_TIME", "timeOfDay", "timeOfDay must be a local time like 09:00 or "
                    + "09:00:00.5, to the microsecond at most");
        }
        return time;
    }

    /**
     * Only a name of the IANA time zone database: java.time also reads fixed offsets ({@code Z}, {@code +01:00},
     * {@code UTC+01:00}), which have no daylight saving rules, so a payroll run set at 09:00 "+01:00" would fall
     * at 10:00 local time all summer. Schedules stored before this check keep whatever zone they were given.
     */
    private static String zone(String value) {
        required(value, "timeZone");
        if (!IANA_ZONES.contains(value)) {
            throw Problems.badRequest("INVALID_TIME_ZONE", "timeZone", "timeZone must be an IANA time zone like "
                    + "Europe/Berlin or UTC; a fixed offset such as +01:00 has no daylight saving rules");
        }
        return value;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, E fallback, String field) {
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException unknown) {
            throw Problems.badRequest("INVALID_" + snake(field), field, field + " must be one of "
                    + List.of(type.getEnumConstants()));
        }
    }

    private static Duration catchUpWindow(String value) {
        if (value == null) {
            return DEFAULT_CATCH_UP_WINDOW;
        }
        Duration window = duration(value, "catchUpWindow", "INVALID_CATCH_UP_WINDOW");
        if (window.isNegative() || window.compareTo(CATCH_UP_WINDOW_MAX) > 0) {
            throw Problems.badRequest("INVALID_CATCH_UP_WINDOW", "catchUpWindow",
                    "catchUpWindow must be an ISO-8601 duration from PT0S to P366D");
        }
        return window;
    }

    private static List<Duration> retryDelays(List<String> values) {
        if (values == null) {
            return DEFAULT_RETRY_DELAYS;
        }
        if (values.size() > RETRY_DELAYS_MAX) {
            throw invalidRetryPolicy();
        }
        List<Duration> delays = values.stream()
                .map(value -> duration(value, "retryPolicy.delays", "INVALID_RETRY_POLICY")).toList();
        if (delays.stream().anyMatch(d -> d.compareTo(RETRY_DELAY_MIN) < 0 || d.compareTo(RETRY_DELAY_MAX) > 0)) {
            throw invalidRetryPolicy();
        }
        return delays;
    }

    private static int suspendAfter(Integer value) {
        if (value == null) {
            return DEFAULT_SUSPEND_AFTER_ABANDONED;
        }
        if (value < 1 || value > 100) {
            throw invalidRetryPolicy();
        }
        return value;
    }

    private static Duration duration(String value, String field, String code) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException | NullPointerException malformed) {
            throw Problems.badRequest(code, field, field + " must be ISO-8601 durations like PT6H");
        }
        // Finer than PostgreSQL keeps times: a retry's time would be recorded to the nanosecond and shown rounded.
        if (duration.getNano() % 1_000 != 0) {
            throw Problems.badRequest(code, field, field + " must be ISO-8601 durations like PT6H, to the "
                    + "microsecond at most");
        }
        return duration;
    }

    private static RuntimeException invalidRetryPolicy() {
        return Problems.badRequest("INVALID_RETRY_POLICY", "retryPolicy", "retryPolicy.delays allows at most "
                + RETRY_DELAYS_MAX + " ISO-8601 durations from PT1M to P30D; suspendAfterAbandoned is 1 to 100");
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }
}
