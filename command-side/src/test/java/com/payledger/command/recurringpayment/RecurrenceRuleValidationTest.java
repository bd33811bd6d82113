package com.payledger.command.recurringpayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

/** Which rules {@link RecurrenceCalendar#of} accepts: the RRULE subset the ledger supports, nothing else. */
class RecurrenceRuleValidationTest {

    private static final LocalDate START = LocalDate.of(2027, 1, 4);

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY", "FREQ=FORTNIGHTLY", "FREQ=", "FREQ",
        "INTERVAL=2", "BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=0", "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=MONTHLY;BYMONTHDAY=-32", "FREQ=MONTHLY;BYMONTHDAY=1,,2", "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;INTERVAL=1001", "FREQ=DAILY;INTERVAL=two", "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=100001",
        "FREQ=DAILY;BYHOUR=9", "FREQ=DAILY;BYMINUTE=0", "FREQ=DAILY;BYSECOND=0", "FREQ=YEARLY;BYYEARDAY=1",
        "FREQ=YEARLY;BYWEEKNO=1", "FREQ=MONTHLY;BYMONTHDAY=31;RSCALE=GREGORIAN", "FREQ=MONTHLY;SKIP=BACKWARD",
        "FREQ=DAILY;X-PAYLEDGER=1", "FREQ=WEEKLY;BYDAY=XX", "FREQ=WEEKLY;BYDAY=MO,", "FREQ=MONTHLY;BYDAY=0MO",
        "FREQ=MONTHLY;BYDAY=54MO", "FREQ=YEARLY;BYMONTH=0", "FREQ=YEARLY;BYMONTH=13", "FREQ=MONTHLY;BYSETPOS=0",
        "FREQ=DAILY;UNTIL=2027", "FREQ=DAILY;UNTIL=2027-01-10", "FREQ=WEEKLY;WKST=XX", "garbage", "DTSTART:20270104",
        "", "   "})
    void givenUnsupportedRule_whenParsed_thenIllegalArgument(String rrule) {
        assertThatThrownBy(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.CLAMP)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY;UNTIL=20271301", "FREQ=DAILY;UNTIL=20270230", "FREQ=DAILY;UNTIL=20270132",
        "FREQ=DAILY;UNTIL=00001231", "rrule:until=20270230;freq=daily", "FREQ=DAILY;;", ";FREQ=DAILY",
        "FREQ=DAILY;;INTERVAL=2", "FREQ=DAILY;;;", "FREQ=DAILY\u0000", "\u0000FREQ=DAILY",
        "FREQ=DAILY;\u0000INTERVAL=2", "FREQ=DAILY\u0001", "\tFREQ=DAILY", "FREQ=DAILY\n", "FREQ=DAILY\u007f",
        "FREQ=DAILY;INTERVAL=\u0663;COUNT=\u0664", "FREQ=MONTHLY;BYMONTHDAY=\u0661\u0665", "FREQ=DAILY;COUNT=+5",
        "FREQ=DAILY;INTERVAL=+2", "FREQ=YEARLY;BYMONTH=+1", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=\uff11",
        "FREQ=MONTHLY;BYDAY=+MO", "FREQ=MONTHLY;BYDAY=MO,-FR", "FREQ=YEARLY;BYDAY=-SU;BYMONTH=3",
        "FREQ=MONTHLY;BYDAY=+FR;BYMONTHDAY=13"})
    void givenARuleAsSentThatParsingAStoredRuleWouldTake_whenChecked_thenIllegalArgument(String rrule) {
        assertThatThrownBy(() -> RulePartChecks.checkAsSent(rrule)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=YEARLY;BYMONTHDAY=13", "FREQ=YEARLY;BYMONTHDAY=-1",
        "freq=yearly;bymonthday=13;byday=fr", "FREQ=YEARLY;BYMONTHDAY=1;BYSETPOS=1",
        "FREQ=YEARLY;BYMONTH=1,7;BYSETPOS=1", "FREQ=YEARLY;BYMONTH=6,4;BYMONTHDAY=28,1;BYSETPOS=3"})
    void givenAYearlyShapeTheLibraryReadsOtherwise_whenCheckedAsNew_thenIllegalArgument(String rrule) {
        assertThatThrownBy(() -> RulePartChecks.checkYearly(RuleText.read(rrule, ShortMonthPolicy.SKIP).parts()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FREQ=YEARLY with");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=13",
        "FREQ=YEARLY;BYMONTH=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=YEARLY;BYDAY=MO;BYSETPOS=1",
        "FREQ=MONTHLY;BYMONTHDAY=13", "FREQ=MONTHLY;BYMONTH=1,7;BYMONTHDAY=1;BYSETPOS=1", "FREQ=YEARLY;BYMONTH=1,7"})
    void givenAnUnambiguousRule_whenCheckedAsNew_thenAccepted(String rrule) {
        assertThatCode(() -> RulePartChecks.checkYearly(RuleText.read(rrule, ShortMonthPolicy.SKIP).parts()))
                .doesNotThrowAnyException();
    }

    /** Stored schedules are read through the same parsing: what it once accepted it must go on reading. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY;", "\tFREQ=DAILY\n", "FREQ=DAILY;UNTIL=20270230", "FREQ=DAILY\u0001",
        "FREQ=DAILY;INTERVAL=\u0663", "FREQ=DAILY;COUNT=+5", "FREQ=YEARLY;BYMONTHDAY=13",
        "FREQ=YEARLY;BYMONTH=1,7;BYSETPOS=1"})
    void givenAStoredRuleTheChecksAsSentNowRefuse_whenParsed_thenItStillExpands(String rrule) {
        assertThat(RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)).between(START, null, 2))
                .hasSize(2);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY", "FREQ=DAILY;", " FREQ=DAILY ", "rrule:freq=daily;until=20270228",
        "FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20281231", "FREQ=MONTHLY;BYMONTHDAY=+15,-1",
        "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=+1,-1", "freq=daily;interval=2;count=10",
        "FREQ=MONTHLY;BYDAY=+1MO,-1FR,2TU,WE", "rrule:freq=monthly;byday=-1fr"})
    void givenAWellFormedRule_whenCheckedAsSent_thenAccepted(String rrule) {
        assertThatCode(() -> RulePartChecks.checkAsSent(rrule)).doesNotThrowAnyException();
    }

    /**
     * Why the yearly shapes are refused: the calendar library pays only in startDate's month, where RFC 5545's table
     * expands BYMONTHDAY to every month; and it counts the first year's BYSETPOS positions from startDate's month.
     */
    @Test
    void givenTheYearlyShapesRefusedAsSent_whenTheLibraryExpandsThem_thenItsDatesAreNotRfc5545s() {
        LocalDate may = LocalDate.of(2027, 5, 20);
        assertThat(RecurrenceCalendar.of(new Recurrence("FREQ=YEARLY;BYMONTHDAY=13", may, LocalTime.of(9, 0), "UTC",
                ShortMonthPolicy.SKIP)).between(may, null, 2)).extracting(Occurrence::date)
                .as("RFC 5545: 2027-06-13, 2027-07-13").containsExactly(LocalDate.of(2028, 5, 13),
                        LocalDate.of(2029, 5, 13));
        LocalDate march = LocalDate.of(2027, 3, 1);
        assertThat(RecurrenceCalendar.of(new Recurrence("FREQ=YEARLY;BYMONTH=1,7;BYSETPOS=1", march,
                LocalTime.of(9, 0), "UTC", ShortMonthPolicy.SKIP)).between(march, null, 2)).extracting(Occurrence::date)
                .as("RFC 5545: 2028-01-01, 2029-01-01").containsExactly(LocalDate.of(2027, 7, 1),
                        LocalDate.of(2028, 1, 1));
    }

    /** A rule far over the 200 characters is refused as too long before any pattern reads it (it was a 500). */
    @Test
    void givenANewScheduleWithARuleOf10Kilobytes_whenItsRequestIsRead_thenA400InvalidRrule() {
        var body = new ScheduleRequests.CreateScheduleRequest("s-1", "owner-1", "a-1", "a-2", 100L, "EUR", null,
                "FREQ=MONTHLY;BYMONTHDAY=" + "1,".repeat(5_000) + "1", "2027-02-10", "09:00", "UTC", null, null, null,
                null);
        assertThatThrownBy(() -> ScheduleRequests.toCommand(body)).isInstanceOfSatisfying(
                ErrorResponseException.class, problem -> {
                    assertThat(problem.getBody().getProperties()).containsEntry("code", "INVALID_RRULE");
                    assertThat(problem.getBody().getDetail()).contains("1 to 200 characters");
                });
    }

    /** A new schedule with such a rule is told what to send, not that its rule produces no dates. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=YEARLY;BYMONTHDAY=31", "FREQ=YEARLY;BYMONTHDAY=1;BYSETPOS=3"})
    void givenAYearlyMonthDayWithoutBYMONTH_whenANewScheduleAsksForIt_thenA400SayingToNameTheMonth(String rrule) {
        var body = new ScheduleRequests.CreateScheduleRequest("s-1", "owner-1", "a-1", "a-2", 100L, "EUR", null,
                rrule, "2027-02-10", "09:00", "UTC", null, null, null, null);
        assertThatThrownBy(() -> ScheduleRequests.toCommand(body)).isInstanceOfSatisfying(
                ErrorResponseException.class, problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(400);
                    assertThat(problem.getBody().getProperties()).containsEntry("code", "INVALID_RRULE");
                    assertThat(problem.getBody().getDetail()).contains("needs BYMONTH");
                });
    }

    @Test
    void givenARuleLibRecurGivesUpOn_whenParsed_thenRefusedSayingToUseALongerFrequency() {
        assertThatThrownBy(() -> RecurrenceCalendar.of(recurrence("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
                ShortMonthPolicy.SKIP))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a thousand of its periods").hasMessageContaining("YEARLY");
        assertThat(RecurrenceCalendar.of(recurrence("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
                ShortMonthPolicy.SKIP)).between(START, null, 1)).extracting(Occurrence::date)
                .containsExactly(LocalDate.of(2044, 2, 29));
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {201, 1000})
    void givenRuleLongerThan200Characters_whenParsed_thenIllegalArgument(int length) {
        String rrule = "FREQ=DAILY;" + "INTERVAL=1;".repeat(length).substring(0, length - "FREQ=DAILY;".length());
        assertThat(rrule).hasSize(length);
        assertThatThrownBy(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY", "freq=daily", "RRULE:FREQ=DAILY", "rrule:freq=daily", " FREQ=DAILY ",
        "Freq=Daily;Interval=1", "FREQ=DAILY;INTERVAL=1;WKST=MO"})
    void givenSupportedSpellingOfDaily_whenParsed_thenEveryDay(String rrule) {
        assertThat(RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)).between(START, null, 3))
                .extracting(Occurrence::date)
                .containsExactly(START, START.plusDays(1), START.plusDays(2));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "rrule:freq=weekly;interval=2;byday=mo,fr",
        "FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=+1MO", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=-31",
        "FREQ=MONTHLY;BYMONTHDAY=1,15", "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR", "FREQ=YEARLY;BYMONTH=1,7",
        "FREQ=DAILY;INTERVAL=1000", "FREQ=DAILY;COUNT=100000", "FREQ=DAILY;UNTIL=20271231", "FREQ=WEEKLY;WKST=SU"})
    void givenSupportedRule_whenParsed_thenAccepted(String rrule) {
        assertThatCode(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)).between(START, null, 3))
                .doesNotThrowAnyException();
        assertThatCode(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.CLAMP)).between(START, null, 3))
                .doesNotThrowAnyException();
    }

    /**
     * A rule that {@code of} accepts must be usable: the HTTP edge validates a new schedule only with {@code of}, so
     * a rule that throws later fails inside the create command instead of being refused as INVALID_RRULE or
     * rejected as NO_FUTURE_OCCURRENCE. Either answer is fine here; throwing during expansion is not.
     */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY;UNTIL=20270110T235959Z", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31"})
    void givenRuleThatParses_whenExpanded_thenNoExceptionBecauseOfRejectedItUpFront(String rrule) {
        Recurrence recurrence = recurrence(rrule, ShortMonthPolicy.SKIP);
        Throwable atParse = catchThrowable(() -> RecurrenceCalendar.of(recurrence));
        if (atParse != null) {
            assertThat(atParse).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("recurrence instances");
            return;
        }
        RecurrenceCalendar calendar = RecurrenceCalendar.of(recurrence);
        assertThatCode(() -> {
            calendar.firstRunningFrom(null, Instant.parse("2027-01-01T00:00:00Z"));
            calendar.between(START, null, 3);
            calendar.remainingFrom(START);
        }).as("regression: RecurrenceCalendar.of accepts \"%s\" but expanding it throws; of() must reject it"
                + " (RulePartChecks) or expanding it must work ('no occurrence' included)", rrule)
                .doesNotThrowAnyException();
    }

    /**
     * RFC 5545 forbids these, and lib-recur silently reads them as another schedule. The parser promises "a typo is
     * an error rather than a silently different schedule", so they must be refused.
     */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY;BYDAY=1MO", "FREQ=WEEKLY;BYMONTHDAY=5", "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=DAILY;COUNT=3;UNTIL=20270110"})
    void givenRuleRfc5545Forbids_whenParsed_thenIllegalArgumentRatherThanADifferentSchedule(String rrule) {
        Throwable atParse = catchThrowable(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)));
        List<LocalDate> readAs = atParse != null ? List.of() : RecurrenceCalendar.of(
                recurrence(rrule, ShortMonthPolicy.SKIP)).between(START, null, 3).stream()
                .map(Occurrence::date).toList();
        assertThat(atParse).as("regression: RecurrenceCalendar.of accepts \"%s\", which RFC 5545 forbids,"
                + " and expands it as %s", rrule, readAs).isInstanceOf(IllegalArgumentException.class);
    }

    /** Month days of at most 28 fall in every month: CLAMP has nothing to move, and BYDAY may filter them. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "FREQ=MONTHLY;BYMONTHDAY=15;BYDAY=MO",
        "FREQ=MONTHLY;BYMONTHDAY=-1,-28;BYDAY=FR", "FREQ=MONTHLY;BYMONTHDAY=1,2,3,4,5;BYDAY=MO;BYSETPOS=1"})
    void givenMonthDaysEveryMonthHasWithBYDAY_whenClamped_thenTheDatesAreThoseOfSkip(String rrule) {
        List<LocalDate> skipped = dates(RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.SKIP)));
        assertThat(dates(RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.CLAMP)))).hasSize(6)
                .isEqualTo(skipped);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=MO", "FREQ=MONTHLY;BYMONTHDAY=-29;BYDAY=FR"})
    void givenALateMonthDayWithBYDAY_whenClamped_thenRefusedInWordsThatSayWhy(String rrule) {
        assertThatThrownBy(() -> RecurrenceCalendar.of(recurrence(rrule, ShortMonthPolicy.CLAMP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLAMP")
                .hasMessageContaining("use SKIP");
    }

    private static List<LocalDate> dates(RecurrenceCalendar calendar) {
        return calendar.between(START, null, 6).stream().map(Occurrence::date).toList();
    }

    private static Recurrence recurrence(String rrule, ShortMonthPolicy policy) {
        return new Recurrence(rrule, START, LocalTime.of(9, 0), "Europe/Berlin", policy);
    }
}
