package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.CatchUp.Decision;
import com.payledger.command.recurringpayment.CatchUp.Missed;
import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which of the occurrences due at once are paid and which are recorded as missed, per catch-up policy. */
class CatchUpTest {

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Occurrence JAN_4 = occurrence(4);
    private static final Occurrence JAN_5 = occurrence(5);
    private static final Occurrence JAN_6 = occurrence(6);
    /** The 4th, 5th and 6th ran at 08:00 UTC; the ledger is back an hour before the 7th runs. */
    private static final Instant BACK = Instant.parse("2027-01-07T07:00:00Z");

    @ParameterizedTest
    @EnumSource(CatchUpPolicy.class)
    void givenNothingDue_whenDecided_thenNothingPaidNothingMissed(CatchUpPolicy policy) {
        assertThat(CatchUp.decide(List.of(), policy, WEEK, BACK)).isEqualTo(new Decision(List.of(), List.of()));
    }

    @ParameterizedTest
    @EnumSource(CatchUpPolicy.class)
    void givenOneOccurrenceExactlyOnTime_whenDecided_thenPaid(CatchUpPolicy policy) {
        assertThat(CatchUp.decide(List.of(JAN_6), policy, WEEK, runAt(day(6))))
                .isEqualTo(new Decision(List.of(JAN_6), List.of()));
    }

    @ParameterizedTest
    @EnumSource(CatchUpPolicy.class)
    void givenOneOccurrenceFiveMinutesLate_whenDecided_thenStillOnTimeAndPaid(CatchUpPolicy policy) {
        Instant fiveMinutesLate = runAt(day(6)).plus(CatchUp.ON_TIME_TOLERANCE);
        assertThat(CatchUp.ON_TIME_TOLERANCE).isEqualTo(Duration.ofMinutes(5));
        assertThat(CatchUp.decide(List.of(JAN_6), policy, Duration.ZERO, fiveMinutesLate))
                .isEqualTo(new Decision(List.of(JAN_6), List.of()));
    }

    @Test
    void givenOneLateOccurrenceAndRunAll_whenDecidedWithinTheWindow_thenPaid() {
        assertThat(CatchUp.decide(List.of(JAN_6), CatchUpPolicy.RUN_ALL, WEEK, justAfterTolerance(JAN_6)))
                .isEqualTo(new Decision(List.of(JAN_6), List.of()));
    }

    @Test
    void givenOneLateOccurrenceAndRunLatest_whenDecided_thenPaidAsTheLatest() {
        assertThat(CatchUp.decide(List.of(JAN_6), CatchUpPolicy.RUN_LATEST, WEEK, justAfterTolerance(JAN_6)))
                .isEqualTo(new Decision(List.of(JAN_6), List.of()));
    }

    @Test
    void givenOneLateOccurrenceAndSkip_whenDecided_thenMissedByPolicy() {
        assertThat(CatchUp.decide(List.of(JAN_6), CatchUpPolicy.SKIP, WEEK, justAfterTolerance(JAN_6)))
                .isEqualTo(new Decision(List.of(), List.of(new Missed(JAN_6, "CATCH_UP_POLICY"))));
    }

    @Test
    void givenSeveralLateAndRunAll_whenAllWithinTheWindow_thenAllPaidInOrder() {
        assertThat(CatchUp.decide(List.of(JAN_4, JAN_5, JAN_6), CatchUpPolicy.RUN_ALL, WEEK, BACK))
                .isEqualTo(new Decision(List.of(JAN_4, JAN_5, JAN_6), List.of()));
    }

    @Test
    void givenSeveralLateAndRunLatest_whenDecided_thenOnlyTheLatestPaidAndTheOthersMissedByPolicy() {
        assertThat(CatchUp.decide(List.of(JAN_4, JAN_5, JAN_6), CatchUpPolicy.RUN_LATEST, WEEK, BACK))
                .isEqualTo(new Decision(List.of(JAN_6),
                        List.of(new Missed(JAN_4, "CATCH_UP_POLICY"), new Missed(JAN_5, "CATCH_UP_POLICY"))));
    }

    @Test
    void givenSeveralLateAndSkip_whenDecided_thenAllMissedByPolicy() {
        assertThat(CatchUp.decide(List.of(JAN_4, JAN_5, JAN_6), CatchUpPolicy.SKIP, WEEK, BACK))
                .isEqualTo(new Decision(List.of(), List.of(new Missed(JAN_4, "CATCH_UP_POLICY"),
                        new Missed(JAN_5, "CATCH_UP_POLICY"), new Missed(JAN_6, "CATCH_UP_POLICY"))));
    }

    @Test
    void givenSeveralLateButTheLatestOnTimeAndSkip_whenDecided_thenTheOnTimeOnePaid() {
        Instant jan6OnTime = runAt(day(6)).plusSeconds(30);
        assertThat(CatchUp.decide(List.of(JAN_4, JAN_5, JAN_6), CatchUpPolicy.SKIP, WEEK, jan6OnTime))
                .isEqualTo(new Decision(List.of(JAN_6),
                        List.of(new Missed(JAN_4, "CATCH_UP_POLICY"), new Missed(JAN_5, "CATCH_UP_POLICY"))));
    }

    @Test
    void givenRunAllWithTwoDayWindow_whenSomeAreOlder_thenThoseMissedOutsideTheWindowAndTheRestPaid() {
        // BACK minus two days is 2027-01-05T07:00Z: the 4th ran before it, the 5th and 6th after.
        assertThat(CatchUp.decide(List.of(JAN_4, JAN_5, JAN_6), CatchUpPolicy.RUN_ALL, Duration.ofDays(2), BACK))
                .isEqualTo(new Decision(List.of(JAN_5, JAN_6),
                        List.of(new Missed(JAN_4, "OUTSIDE_CATCH_UP_WINDOW"))));
    }

    @Test
    void givenRunAll_whenAnOccurrenceRanExactlyAWindowAgo_thenPaidAndOneNanosecondEarlierMissed() {
        Duration window = Duration.ofDays(2);
        Instant exactlyAWindowLater = runAt(day(4)).plus(window);
        assertThat(CatchUp.decide(List.of(JAN_4), CatchUpPolicy.RUN_ALL, window, exactlyAWindowLater))
                .isEqualTo(new Decision(List.of(JAN_4), List.of()));
        assertThat(CatchUp.decide(List.of(JAN_4), CatchUpPolicy.RUN_ALL, window, exactlyAWindowLater.plusNanos(1)))
                .isEqualTo(new Decision(List.of(), List.of(new Missed(JAN_4, "OUTSIDE_CATCH_UP_WINDOW"))));
    }

    @Test
    void givenRunAllWithAWindowShorterThanTheTolerance_whenOnTime_thenStillPaid() {
        Instant fourMinutesLate = runAt(day(6)).plus(Duration.ofMinutes(4));
        assertThat(CatchUp.decide(List.of(JAN_6), CatchUpPolicy.RUN_ALL, Duration.ofMinutes(1), fourMinutesLate))
                .isEqualTo(new Decision(List.of(JAN_6), List.of()));
    }

    @Test
    void givenReasons_whenRecorded_thenTheirPersistedCodesNeverChange() {
        assertThat(List.of(CatchUp.BY_POLICY, CatchUp.OUTSIDE_WINDOW))
                .containsExactly("CATCH_UP_POLICY", "OUTSIDE_CATCH_UP_WINDOW");
    }

    private static Instant justAfterTolerance(Occurrence occurrence) {
        return occurrence.runAt().plus(CatchUp.ON_TIME_TOLERANCE).plusNanos(1);
    }

    private static Occurrence occurrence(int dayOfJanuary) {
        return new Occurrence(day(dayOfJanuary), runAt(day(dayOfJanuary)));
    }
}
