package com.payledger.command.recurringpayment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

/**
 * An API client chooses the rule, and every planned run, upcoming list and forecast walks its calendar: no walk may
 * cost more than a few ms of CPU, and a new rule whose walks cannot be kept that cheap is refused.
 */
class RecurrenceWalkBoundTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    /** 51 Mondays a year, each expanded 53 times: a COUNT rule from the year 1 walked 2,025 years of them. */
    private static final String MONDAYS = "FREQ=YEARLY;BYDAY=MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,"
            + "MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,MO,"
            + "MO;BYSETPOS=1";

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1;UNTIL=99991231"})
    void givenAnOpenEndedRuleFromTheYear1_whenWalkedFromToday_thenItsNextRunsAreStillFound(String rrule) {
        // Such a walk is bounded from the date it starts at, not from the start date: nothing ends early. (What the
        // bound saves is measured, not asserted here: 80 ms for the next run of the hostile COUNT rule below, 400 ms
        // for its remaining count, against under 10 ms with it.)
        RecurrenceCalendar calendar = calendar(rrule, "0001-01-01");
        assertThat(calendar.firstRunningFrom(null, NOW)).map(Occurrence::date)
                .hasValueSatisfying(next -> assertThat(next).isBetween(TODAY, TODAY.plusYears(1)));
        assertThat(calendar.between(TODAY, null, 3)).hasSize(3);
    }

    @Test
    void givenAStoredCountRuleWhoseCountRunsPastOneWalk_whenAskedForItsNextRun_thenItEndedWhereTheWalkEnds() {
        // Every walk of a COUNT rule starts at its start date: this one's may cross 36 years, so it ends by 0037.
        RecurrenceCalendar calendar = calendar(MONDAYS + ";COUNT=100000", "0001-01-01");
        assertThat(calendar.firstRunningFrom(null, NOW)).isEmpty();
        assertThat(calendar.remainingFrom(TODAY)).as("not counted").isNull();
        assertThat(calendar.between(LocalDate.of(1, 1, 1), null, 1000)).hasSizeLessThan(40);
    }

    @Test
    void givenACountRuleWithinOneWalk_whenAskedLongAfterItsStart_thenItStillCountsFromTheStart() {
        RecurrenceCalendar calendar = calendar("FREQ=DAILY;COUNT=10", "1900-01-01");
        assertThat(calendar.firstOnOrAfter(null, LocalDate.of(1900, 1, 5))).map(Occurrence::date)
                .contains(LocalDate.of(1900, 1, 5));
        assertThat(calendar.remainingFrom(LocalDate.of(1900, 1, 5))).isEqualTo(6);
        assertThatCode(calendar::requireServable).doesNotThrowAnyException();
    }

    @Test
    void givenADailyOrWeeklyRuleStartedLongAgo_whenWalkedFromLaterOn_thenTheSameDatesAsFromItsStart() {
        // Such a walk starts from the start date moved on by whole periods: nothing may differ from a walk from start.
        for (String rrule : new String[] {"FREQ=DAILY;INTERVAL=5;BYDAY=MO", "FREQ=DAILY;INTERVAL=3;BYMONTHDAY=-1",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,FR;WKST=SU", "FREQ=WEEKLY;INTERVAL=2", "FREQ=DAILY;BYSETPOS=1;BYDAY=SU"}) {
            RecurrenceCalendar calendar = calendar(rrule, "2019-03-13");
            LocalDate from = LocalDate.of(2026, 5, 29);
            assertThat(calendar.between(from, null, 30)).as(rrule).isEqualTo(
                    calendar.between(LocalDate.of(2019, 3, 13), null, 2000).stream()
                            .filter(o -> !o.date().isBefore(from)).limit(30).toList());
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {MONDAYS, "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1",
        "FREQ=YEARLY;BYMONTHDAY=1,8,15,22,29,30", "FREQ=DAILY;COUNT=100000", "FREQ=MONTHLY;BYMONTHDAY=1;COUNT=100000"})
    void givenANewRuleTooCostlyToWalk_whenChecked_thenRefusedAsTooCostly(String rrule) {
        assertThatThrownBy(() -> calendar(rrule, "2026-06-01").requireServable())
                .isInstanceOf(RecurrenceCalendar.TooCostly.class);
    }

    @Test
    void givenADailyCount_whenChecked_thenItsLastOccurrenceMustLieWithinOneWalkOfTheStart() {
        // Two units a day: one walk crosses 50,000 days, so the 50,001st occurrence is its last date.
        assertThatCode(() -> calendar("FREQ=DAILY;COUNT=50001", "2026-06-01").requireServable())
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> calendar("FREQ=DAILY;COUNT=50002", "2026-06-01").requireServable())
                .isInstanceOf(RecurrenceCalendar.TooCostly.class).hasMessageContaining("COUNT");
    }

    @Test
    void givenANewScheduleWithATooCostlyRule_whenItsRequestIsRead_thenA400RruleTooCostly() {
        var body = new ScheduleRequests.CreateScheduleRequest("s-1", "owner-1", "a-1", "a-2", 100L, "EUR", null,
                "FREQ=YEARLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYSETPOS=-1", "2026-06-01", "09:00", "Europe/Berlin", null,
                null, null, null);
        assertThatThrownBy(() -> ScheduleRequests.toCommand(body)).isInstanceOfSatisfying(
                ErrorResponseException.class, problem -> {
                    assertThat(problem.getStatusCode().value()).isEqualTo(400);
                    assertThat(problem.getBody().getProperties()).containsEntry("code", "RRULE_TOO_COSTLY");
                });
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"FREQ=DAILY", "FREQ=DAILY;COUNT=49000", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=1,15;COUNT=1200", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=YEARLY;BYDAY=MO",
        "FREQ=YEARLY;BYMONTH=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=YEARLY;INTERVAL=1000"})
    void givenAnOrdinaryRule_whenChecked_thenServed(String rrule) {
        assertThatCode(() -> calendar(rrule, "2026-06-01").requireServable()).doesNotThrowAnyException();
    }

    private static RecurrenceCalendar calendar(String rrule, String startDate) {
        return RecurrenceCalendar.of(new Recurrence(rrule, LocalDate.parse(startDate), LocalTime.of(9, 0),
                "Europe/Berlin", ShortMonthPolicy.SKIP));
    }
}
