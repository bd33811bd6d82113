package com.payledger.command.recurringpayment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/**
 * When occurrences run: daylight-saving changes in two zones, with every expected instant worked out by hand, and
 * the calendar's questions about "next", "due" and "between".
 */
class RecurrenceCalendarTimeTest {

    @Test
    void givenBerlinSpringForward_whenTheRunTimeDoesNotExist_thenItRunsOnceAnHourLaterInSummerTime() {
        // 2027-03-28 02:00 CET jumps to 03:00 CEST: 02:30 does not exist and becomes 03:30 CEST = 01:30 UTC.
        RecurrenceCalendar calendar = daily("2027-03-27", "02:30", "Europe/Berlin");
        assertThat(calendar.between(date("2027-03-27"), date("2027-03-29"), 10)).containsExactly(
                new Occurrence(date("2027-03-27"), Instant.parse("2027-03-27T01:30:00Z")),
                new Occurrence(date("2027-03-28"), Instant.parse("2027-03-28T01:30:00Z")),
                new Occurrence(date("2027-03-29"), Instant.parse("2027-03-29T00:30:00Z")));
    }

    @Test
    void givenBerlinFallBack_whenTheRunTimeOccursTwice_thenItRunsOnceAtTheEarlierOffset() {
        // 2027-10-31 03:00 CEST falls back to 02:00 CET: 02:30 is 00:30 UTC (CEST) and again 01:30 UTC (CET).
        RecurrenceCalendar calendar = daily("2027-10-30", "02:30", "Europe/Berlin");
        assertThat(calendar.between(date("2027-10-30"), date("2027-11-01"), 10)).containsExactly(
                new Occurrence(date("2027-10-30"), Instant.parse("2027-10-30T00:30:00Z")),
                new Occurrence(date("2027-10-31"), Instant.parse("2027-10-31T00:30:00Z")),
                new Occurrence(date("2027-11-01"), Instant.parse("2027-11-01T01:30:00Z")));
    }

    @Test
    void givenBerlinFallBack_whenAskedBetweenTheTwoWallClockRuns_thenTheDayIsNotRunASecondTime() {
        RecurrenceCalendar calendar = daily("2027-10-30", "02:30", "Europe/Berlin");
        Instant betweenTheTwo0230s = Instant.parse("2027-10-31T01:00:00Z");
        assertThat(calendar.firstRunningFrom(date("2027-10-30"), betweenTheTwo0230s)).contains(
                new Occurrence(date("2027-11-01"), Instant.parse("2027-11-01T01:30:00Z")));
        assertThat(calendar.dueFrom(date("2027-10-31"), Instant.parse("2027-10-31T01:30:00Z"))).containsExactly(
                new Occurrence(date("2027-10-31"), Instant.parse("2027-10-31T00:30:00Z")));
    }

    @Test
    void givenNewYorkSpringForward_whenTheRunTimeDoesNotExist_thenItRunsOnceAnHourLaterInDaylightTime() {
        // 2027-03-14 02:00 EST jumps to 03:00 EDT: 02:30 becomes 03:30 EDT = 07:30 UTC.
        RecurrenceCalendar calendar = daily("2027-03-13", "02:30", "America/New_York");
        assertThat(calendar.between(date("2027-03-13"), date("2027-03-15"), 10)).containsExactly(
                new Occurrence(date("2027-03-13"), Instant.parse("2027-03-13T07:30:00Z")),
                new Occurrence(date("2027-03-14"), Instant.parse("2027-03-14T07:30:00Z")),
                new Occurrence(date("2027-03-15"), Instant.parse("2027-03-15T06:30:00Z")));
    }

    @Test
    void givenNewYorkFallBack_whenTheRunTimeOccursTwice_thenItRunsOnceAtTheEarlierOffset() {
        // 2027-11-07 02:00 EDT falls back to 01:00 EST: 01:30 is 05:30 UTC (EDT) and again 06:30 UTC (EST).
        RecurrenceCalendar calendar = daily("2027-11-06", "01:30", "America/New_York");
        assertThat(calendar.between(date("2027-11-06"), date("2027-11-08"), 10)).containsExactly(
                new Occurrence(date("2027-11-06"), Instant.parse("2027-11-06T05:30:00Z")),
                new Occurrence(date("2027-11-07"), Instant.parse("2027-11-07T05:30:00Z")),
                new Occurrence(date("2027-11-08"), Instant.parse("2027-11-08T06:30:00Z")));
        assertThat(calendar.dueFrom(date("2027-11-07"), Instant.parse("2027-11-07T23:59:59Z"))).containsExactly(
                new Occurrence(date("2027-11-07"), Instant.parse("2027-11-07T05:30:00Z")));
    }

    @Test
    void givenWeeklyAcrossSpringForward_whenExpanded_thenTheLocalTimeStaysAndTheUtcTimeMoves() {
        RecurrenceCalendar calendar = RecurrenceCalendar.of(new Recurrence("FREQ=WEEKLY;BYDAY=SU", date("2027-03-21"),
                LocalTime.of(9, 0), "Europe/Berlin", ShortMonthPolicy.SKIP));
        assertThat(calendar.between(date("2027-03-21"), null, 2)).extracting(Occurrence::runAt).containsExactly(
                Instant.parse("2027-03-21T08:00:00Z"), Instant.parse("2027-03-28T07:00:00Z"));
    }

    @Test
    void givenLocalDate_whenAskedForItsStart_thenMidnightInTheScheduleZone() {
        assertThat(daily("2027-01-01", "09:00", "Europe/Berlin").startOf(date("2027-03-28")))
                .isEqualTo(Instant.parse("2027-03-27T23:00:00Z"));
        assertThat(daily("2027-01-01", "09:00", "America/New_York").startOf(date("2027-11-07")))
                .isEqualTo(Instant.parse("2027-11-07T04:00:00Z"));
    }

    @Test
    void givenDayWhoseMidnightDoesNotExist_whenAskedForItsStart_thenTheFirstValidInstantOfThatDay() {
        // Santiago springs forward at midnight on 2027-09-05: the day starts at 01:00 -03 = 04:00 UTC.
        assertThat(daily("2027-01-01", "09:00", "America/Santiago").startOf(date("2027-09-05")))
                .isEqualTo(Instant.parse("2027-09-05T04:00:00Z"));
    }

    @Test
    void givenInstant_whenAskedForItsDate_thenTheLocalDateInTheScheduleZone() {
        RecurrenceCalendar calendar = daily("2027-01-01", "09:00", "Europe/Berlin");
        assertThat(calendar.dateAt(Instant.parse("2027-01-03T22:59:59Z"))).isEqualTo(date("2027-01-03"));
        assertThat(calendar.dateAt(Instant.parse("2027-01-03T23:00:00Z"))).isEqualTo(date("2027-01-04"));
    }

    @Test
    void givenNothingDecided_whenAskedForTheFirstRunFromNow_thenTheFirstRunNotBeforeNow() {
        RecurrenceCalendar calendar = daily("2027-01-04", "09:00", "Europe/Berlin");
        assertThat(calendar.firstRunningFrom(null, Instant.parse("2026-12-01T00:00:00Z")))
                .contains(occurrence("2027-01-04"));
        assertThat(calendar.firstRunningFrom(null, Instant.parse("2027-01-04T08:00:00Z")))
                .contains(occurrence("2027-01-04"));
        assertThat(calendar.firstRunningFrom(null, Instant.parse("2027-01-04T08:00:00.000001Z")))
                .contains(occurrence("2027-01-05"));
    }

    @Test
    void givenDecidedThroughADate_whenAskedForTheFirstRun_thenThatDateIsExcludedEvenIfItRunsLater() {
        RecurrenceCalendar calendar = daily("2027-01-04", "09:00", "Europe/Berlin");
        assertThat(calendar.firstRunningFrom(date("2027-01-05"), Instant.parse("2027-01-01T00:00:00Z")))
                .contains(occurrence("2027-01-06"));
        assertThat(calendar.firstOnOrAfter(date("2027-01-05"), date("2027-01-04"))).contains(occurrence("2027-01-06"));
        assertThat(calendar.firstOnOrAfter(date("2027-01-05"), date("2027-01-09"))).contains(occurrence("2027-01-09"));
    }

    @Test
    void givenBoundedRuleUsedUp_whenAskedForTheFirstRun_thenNone() {
        RecurrenceCalendar calendar = RecurrenceCalendar.of(new Recurrence("FREQ=DAILY;COUNT=2", date("2027-01-04"),
                LocalTime.of(9, 0), "Europe/Berlin", ShortMonthPolicy.SKIP));
        assertThat(calendar.firstRunningFrom(date("2027-01-05"), Instant.parse("2027-01-01T00:00:00Z"))).isEmpty();
        assertThat(calendar.firstRunningFrom(null, Instant.parse("2027-01-05T08:00:00.000001Z"))).isEmpty();
    }

    @Test
    void givenSeveralRunTimesPassed_whenAskedWhatIsDue_thenEveryRunNotAfterNowInOrder() {
        RecurrenceCalendar calendar = daily("2027-01-04", "09:00", "Europe/Berlin");
        assertThat(calendar.dueFrom(date("2027-01-04"), Instant.parse("2027-01-06T08:00:00Z")))
                .containsExactly(occurrence("2027-01-04"), occurrence("2027-01-05"), occurrence("2027-01-06"));
        assertThat(calendar.dueFrom(date("2027-01-05"), Instant.parse("2027-01-06T07:59:59.999999Z")))
                .containsExactly(occurrence("2027-01-05"));
        assertThat(calendar.dueFrom(date("2027-01-04"), Instant.parse("2027-01-04T07:59:59Z"))).isEmpty();
    }

    @Test
    void givenRange_whenAskedBetween_thenBothEndsInclusiveAndAtMostTheLimit() {
        RecurrenceCalendar calendar = daily("2027-01-04", "09:00", "Europe/Berlin");
        assertThat(calendar.between(date("2027-01-01"), date("2027-01-06"), 10))
                .containsExactly(occurrence("2027-01-04"), occurrence("2027-01-05"), occurrence("2027-01-06"));
        assertThat(calendar.between(date("2027-01-05"), date("2027-01-31"), 2))
                .containsExactly(occurrence("2027-01-05"), occurrence("2027-01-06"));
        assertThat(calendar.between(date("2027-01-05"), date("2027-01-04"), 10)).isEmpty();
        assertThat(calendar.between(date("2027-01-05"), null, 0)).isEmpty();
    }

    /** A daily occurrence of the Berlin 09:00 schedule, in January (CET, UTC+1). */
    private static Occurrence occurrence(String date) {
        return new Occurrence(date(date), Instant.parse(date + "T08:00:00Z"));
    }

    private static RecurrenceCalendar daily(String startDate, String timeOfDay, String zone) {
        return RecurrenceCalendar.of(new Recurrence("FREQ=DAILY", date(startDate), LocalTime.parse(timeOfDay), zone,
                ShortMonthPolicy.SKIP));
    }

    private static LocalDate date(String date) {
        return LocalDate.parse(date);
    }
}
