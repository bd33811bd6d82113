package com.payledger.command.recurringpayment;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which local dates a rule generates: month ends, leap years, COUNT, UNTIL, weekdays and the start date. */
class RecurrenceCalendarTest {

    private static final ShortMonthPolicy SKIP = ShortMonthPolicy.SKIP;
    private static final ShortMonthPolicy CLAMP = ShortMonthPolicy.CLAMP;

    @Test
    void givenMonthlyOn31stWithSkip_whenExpanded_thenOnlyMonthsWith31Days() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-01", SKIP), "2027-01-01", 8))
                .containsExactly(dates("2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31", "2027-08-31",
                        "2027-10-31", "2027-12-31", "2028-01-31"));
    }

    @Test
    void givenMonthlyOn31stWithClamp_whenExpanded_thenShortMonthsRunOnTheirLastDay() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-01", CLAMP), "2027-01-01", 12))
                .containsExactly(dates("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31",
                        "2027-06-30", "2027-07-31", "2027-08-31", "2027-09-30", "2027-10-31", "2027-11-30",
                        "2027-12-31"));
    }

    @Test
    void givenMonthlyOn31stWithClamp_whenExpandedInALeapYear_thenFebruaryRunsOnThe29th() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-01", CLAMP), "2028-02-01", 2))
                .containsExactly(dates("2028-02-29", "2028-03-31"));
    }

    @Test
    void givenMonthlyStartingOn31stWithSkip_whenExpanded_thenMonthsWithout31DaysAreLeftOut() {
        assertThat(dates(calendar("FREQ=MONTHLY", "2027-01-31", SKIP), "2027-01-01", 4))
                .containsExactly(dates("2027-01-31", "2027-03-31", "2027-05-31", "2027-07-31"));
    }

    @Test
    void givenMonthlyStartingOn31stWithClamp_whenExpanded_thenClampedMonthsDoNotDragLaterMonthsBack() {
        assertThat(dates(calendar("FREQ=MONTHLY", "2027-01-31", CLAMP), "2027-01-01", 5))
                .containsExactly(dates("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"));
        assertThat(dates(calendar("FREQ=MONTHLY", "2027-01-31", CLAMP), "2027-02-15", 2))
                .containsExactly(dates("2027-02-28", "2027-03-31"));
    }

    @Test
    void givenLastDayOfMonth_whenExpandedOverALeapFebruary_thenFebruary29th() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=-1", "2027-12-01", SKIP), "2027-12-01", 5))
                .containsExactly(dates("2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31", "2028-04-30"));
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=-1", "2026-12-01", SKIP), "2027-02-01", 1))
                .containsExactly(dates("2027-02-28"));
    }

    @Test
    void givenYearlyOnFebruary29thWithSkip_whenExpanded_thenOnlyLeapYears() {
        assertThat(dates(calendar("FREQ=YEARLY", "2028-02-29", SKIP), "2028-01-01", 3))
                .containsExactly(dates("2028-02-29", "2032-02-29", "2036-02-29"));
    }

    @Test
    void givenYearlyOnFebruary29thWithClamp_whenExpanded_thenFebruary28thInOtherYears() {
        assertThat(dates(calendar("FREQ=YEARLY", "2028-02-29", CLAMP), "2028-01-01", 5))
                .containsExactly(dates("2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"));
    }

    @Test
    void givenCount_whenExpanded_thenExactlyThatManyAndRemainingCountsDown() {
        RecurrenceCalendar calendar = calendar("FREQ=DAILY;COUNT=3", "2027-01-04", SKIP);
        assertThat(calendar.isBounded()).isTrue();
        assertThat(dates(calendar, "2027-01-01", 10)).containsExactly(dates("2027-01-04", "2027-01-05", "2027-01-06"));
        assertThat(List.of(calendar.remainingFrom(date("2027-01-04")), calendar.remainingFrom(date("2027-01-05")),
                calendar.remainingFrom(date("2027-01-06")), calendar.remainingFrom(date("2027-01-07"))))
                .containsExactly(3, 2, 1, 0);
    }

    @Test
    void givenAnUntilFarAway_whenCountingWhatRemains_thenMoreThanAreCountedIsNullNotTheLimit() {
        // Daily until 9999: about 2.9 million occurrences. Reporting the scan limit (100,000) stated a wrong count.
        RecurrenceCalendar calendar = calendar("FREQ=DAILY;UNTIL=99991231", "2027-01-04", SKIP);
        Integer remaining = calendar.remainingFrom(date("2027-01-04"));
        assertThat(calendar.isBounded()).isTrue();
        assertThat(remaining).isNull();
        RecurrenceCalendar justUnder = calendar("FREQ=DAILY;UNTIL=20270110", "2027-01-04", SKIP);
        assertThat(justUnder.remainingFrom(date("2027-01-04"))).isEqualTo(7);
        int most = RecurrenceCalendar.REMAINING_COUNTED_MAX;
        assertThat(calendar("FREQ=DAILY;COUNT=" + most, "2027-01-04", SKIP).remainingFrom(date("2027-01-04")))
                .isEqualTo(most);
        assertThat(calendar("FREQ=DAILY;COUNT=" + (most + 1), "2027-01-04", SKIP).remainingFrom(date("2027-01-04")))
                .as("more than are counted").isNull();
        assertThat(calendar("FREQ=DAILY;COUNT=" + (most + 1), "2027-01-04", SKIP).remainingFrom(date("2027-01-05")))
                .isEqualTo(most);
    }

    @Test
    void givenCountOnMonthEndsWithClamp_whenExpandedFromLaterOn_thenCountStillStartsAtTheStartDate() {
        RecurrenceCalendar calendar = calendar("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4", "2027-01-01", CLAMP);
        assertThat(dates(calendar, "2027-03-01", 10)).containsExactly(dates("2027-03-31", "2027-04-30"));
        assertThat(calendar.remainingFrom(date("2027-03-01"))).isEqualTo(2);
    }

    @Test
    void givenUntilDate_whenExpanded_thenTheUntilDateIsTheLastOccurrence() {
        RecurrenceCalendar calendar = calendar("FREQ=DAILY;UNTIL=20270110", "2027-01-04", SKIP);
        assertThat(calendar.isBounded()).isTrue();
        assertThat(dates(calendar, "2027-01-08", 10)).containsExactly(dates("2027-01-08", "2027-01-09", "2027-01-10"));
        assertThat(calendar.remainingFrom(date("2027-01-04"))).isEqualTo(7);
        assertThat(calendar.remainingFrom(date("2027-01-11"))).isZero();
    }

    @Test
    void givenUntilDateWithClamp_whenExpanded_thenTheUntilDateIsStillInclusive() {
        RecurrenceCalendar calendar = calendar("FREQ=MONTHLY;BYMONTHDAY=31;UNTIL=20270430", "2027-01-01", CLAMP);
        assertThat(dates(calendar, "2027-01-01", 10))
                .containsExactly(dates("2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"));
    }

    @Test
    void givenUnboundedRule_whenAskedForRemaining_thenNullAndNotBounded() {
        RecurrenceCalendar calendar = calendar("FREQ=DAILY", "2027-01-04", SKIP);
        assertThat(calendar.isBounded()).isFalse();
        assertThat(calendar.remainingFrom(date("2027-01-04"))).isNull();
    }

    @Test
    void givenEveryOtherWeekOnMondayAndFriday_whenExpanded_thenBothDaysOfEveryOtherWeek() {
        assertThat(dates(calendar("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "2027-01-04", SKIP), "2027-01-01", 6))
                .containsExactly(dates("2027-01-04", "2027-01-08", "2027-01-18", "2027-01-22", "2027-02-01",
                        "2027-02-05"));
    }

    @Test
    void givenFirstMondayOfTheMonth_whenExpanded_thenTheFirstMondayOfEachMonth() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYDAY=1MO", "2027-01-01", SKIP), "2027-01-01", 4))
                .containsExactly(dates("2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05"));
    }

    @Test
    void givenLastFridayOfTheMonth_whenExpanded_thenTheLastFridayOfEachMonth() {
        assertThat(dates(calendar("FREQ=MONTHLY;BYDAY=-1FR", "2027-01-01", SKIP), "2027-01-01", 4))
                .containsExactly(dates("2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"));
    }

    @Test
    void givenStartDateTheRuleDoesNotGenerate_whenExpanded_thenTheStartDateIsNoOccurrence() {
        // 2027-01-06 is a Wednesday, 2027-01-10 is not the 15th: RFC 5545 would count DTSTART, the ledger does not.
        assertThat(dates(calendar("FREQ=WEEKLY;BYDAY=MO", "2027-01-06", SKIP), "2027-01-01", 2))
                .containsExactly(dates("2027-01-11", "2027-01-18"));
        assertThat(dates(calendar("FREQ=MONTHLY;BYMONTHDAY=15", "2027-01-10", CLAMP), "2027-01-01", 2))
                .containsExactly(dates("2027-01-15", "2027-02-15"));
        assertThat(dates(calendar("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "2027-01-05", SKIP), "2027-01-01", 3))
                .containsExactly(dates("2027-01-08", "2027-01-18", "2027-01-22"));
    }

    @Test
    void givenStartDateTheRuleDoesNotGenerate_whenCounting_thenCountIncludesOnlyGeneratedDates() {
        RecurrenceCalendar calendar = calendar("FREQ=WEEKLY;BYDAY=MO;COUNT=2", "2027-01-06", SKIP);
        assertThat(dates(calendar, "2027-01-01", 10)).containsExactly(dates("2027-01-11", "2027-01-18"));
        assertThat(calendar.remainingFrom(date("2027-01-06"))).isEqualTo(2);
    }

    @Test
    void givenARuleRunningPastTheYear9999_whenExpanded_thenItEndsWithItsLastOccurrenceBefore() {
        RecurrenceCalendar daily = calendar("FREQ=DAILY", "9999-12-30", SKIP);
        assertThat(dates(daily, "9999-12-30", 5)).containsExactly(dates("9999-12-30", "9999-12-31"));
        assertThat(daily.firstOnOrAfter(date("9999-12-31"), date("9999-12-31"))).isEmpty();
        assertThat(daily.dueFrom(date("9999-12-30"), Instant.MAX)).hasSize(2);
        // 09:00 on 9999-12-31 at UTC-12 is an instant in the year 10000: that occurrence is past the end too.
        RecurrenceCalendar west = RecurrenceCalendar.of(new Recurrence("FREQ=DAILY", date("9999-12-30"),
                LocalTime.of(20, 0), "Etc/GMT+12", SKIP));
        assertThat(dates(west, "9999-12-30", 5)).containsExactly(dates("9999-12-30"));
        assertThat(west.firstRunningFrom(date("9999-12-30"), Instant.EPOCH)).isEmpty();
    }

    @Test
    void givenARuleLibRecurGivesUpOnAfterItsTrial_whenExpandedPastThatPoint_thenTheCalendarEndsThereWithoutFailing() {
        // 83 occurrences, the last on 8988-07-30; lib-recur then finds no date for 1000 periods and throws.
        RecurrenceCalendar calendar = calendar("FREQ=DAILY;INTERVAL=396;BYMONTH=2,7,10;BYMONTHDAY=30", "2026-11-10",
                SKIP);
        List<Occurrence> all = calendar.between(date("2026-11-10"), null, 100);
        assertThat(all).hasSize(83).last().extracting(Occurrence::date).isEqualTo(date("8988-07-30"));
        assertThat(calendar.firstOnOrAfter(date("8988-07-30"), date("8988-07-31"))).isEmpty();
        assertThat(calendar.dueFrom(date("8988-07-01"), Instant.MAX)).extracting(Occurrence::date)
                .containsExactly(date("8988-07-30"));
        assertThat(calendar.between(date("8989-01-01"), null, 10)).isEmpty();
    }

    @Test
    void givenADailyRuleThatStartedCenturiesAgo_whenAskedForItsNextRun_thenItIsFoundPastTheScanLimit() {
        // 739,950 occurrences lie between the start and now: more than SCAN_MAX, which bounds tested occurrences only.
        RecurrenceCalendar daily = calendar("FREQ=DAILY", "0001-01-01", SKIP);
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(daily.firstRunningFrom(null, now))
                .contains(new Occurrence(date("2026-12-02"), Instant.parse("2026-12-02T08:00:00Z")));
        assertThat(daily.firstOnOrAfter(null, date("2026-12-24"))).map(Occurrence::date).contains(date("2026-12-24"));
    }

    @Test
    void givenADayThatItsZoneSkipped_whenAskedForTheNextRunJustAfterIt_thenThatDaysRunMovedIntoTheNextIsFound() {
        // Samoa skipped 2011-12-30: that date's 10:00 run moves 24 h on, to 10:00 on the 31st (UTC+14), 20:00 UTC.
        // At that instant it is already the 31st there, so the search must not start at the date of now.
        RecurrenceCalendar apia = RecurrenceCalendar.of(new Recurrence("FREQ=DAILY", date("2011-12-01"),
                LocalTime.of(10, 0), "Pacific/Apia", SKIP));
        assertThat(apia.firstRunningFrom(null, Instant.parse("2011-12-30T20:00:00Z")))
                .contains(new Occurrence(date("2011-12-30"), Instant.parse("2011-12-30T20:00:00Z")));
    }

    @Test
    void givenACountThatStartedLongAgo_whenAskedForItsNextRun_thenTheCountStillRunsFromTheStartDate() {
        // 1900-01-01 plus 49,999 days is 2036-11-22: the last of the 50,000 occurrences.
        RecurrenceCalendar counted = calendar("FREQ=DAILY;COUNT=50000", "1900-01-01", SKIP);
        assertThat(counted.firstRunningFrom(null, Instant.parse("2036-11-22T07:00:00Z"))).map(Occurrence::date)
                .contains(date("2036-11-22"));
        assertThat(counted.firstRunningFrom(null, Instant.parse("2036-11-22T09:00:00Z"))).isEmpty();
        assertThat(counted.firstOnOrAfter(date("2036-11-21"), date("2036-11-23"))).isEmpty();
    }

    @Test
    void givenOccurrence_whenItsRunTimeIsAsked_thenTheTimeOfDayInTheScheduleZone() {
        RecurrenceCalendar calendar = calendar("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-01", SKIP);
        // 09:00 CET (UTC+1) in January, 09:00 CEST (UTC+2) in July.
        assertThat(calendar.between(date("2027-01-01"), date("2027-07-31"), 10))
                .extracting(Occurrence::runAt).first().isEqualTo(Instant.parse("2027-01-31T08:00:00Z"));
        assertThat(calendar.between(date("2027-07-01"), date("2027-07-31"), 10))
                .containsExactly(new Occurrence(date("2027-07-31"), Instant.parse("2027-07-31T07:00:00Z")));
    }

    private static RecurrenceCalendar calendar(String rrule, String startDate, ShortMonthPolicy policy) {
        return RecurrenceCalendar.of(new Recurrence(rrule, date(startDate), LocalTime.of(9, 0), "Europe/Berlin",
                policy));
    }

    private static List<LocalDate> dates(RecurrenceCalendar calendar, String fromInclusive, int limit) {
        return calendar.between(date(fromInclusive), null, limit).stream().map(Occurrence::date).toList();
    }

    private static LocalDate[] dates(String... dates) {
        return Arrays.stream(dates).map(LocalDate::parse).toArray(LocalDate[]::new);
    }

    private static LocalDate date(String date) {
        return LocalDate.parse(date);
    }
}
