package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.WINDOW;
import static com.payledger.command.recurringpayment.ScheduleTestData.abandoned;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.creation;
import static com.payledger.command.recurringpayment.ScheduleTestData.daily;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.due;
import static com.payledger.command.recurringpayment.ScheduleTestData.failedOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.missed;
import static com.payledger.command.recurringpayment.ScheduleTestData.nothingPlanned;
import static com.payledger.command.recurringpayment.ScheduleTestData.paid;
import static com.payledger.command.recurringpayment.ScheduleTestData.paidOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.RecurringPaymentFixture.Deadline;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ledger was down over several run times of a daily schedule; when it is back, the overdue "next run" deadline
 * fires once and the catch-up policy decides which occurrences are paid. Also how a bounded schedule completes.
 */
class CatchUpPolicyTest {

    /** The 4th, 5th and 6th ran at 08:00 UTC while the ledger was down; it is back an hour before the 7th runs. */
    private static final Instant BACK = Instant.parse("2027-01-07T07:00:00Z");

    private RecurringPaymentFixture schedule;
    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        schedule = new RecurringPaymentFixture();
        fixture = schedule.fixture;
    }

    @Test
    void givenRunAll_whenTheDueDeadlineFiresThreeDaysLate_thenAllThreeDueInOrderAndTheNextRunPlanned() {
        backAfterThreeRuns(create(CatchUpPolicy.RUN_ALL, WINDOW))
                .whenTimeElapses(Duration.ZERO)
                .expectEvents(due(day(4)), due(day(5)), due(day(6)), planned(day(7)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(7)));
    }

    @Test
    void givenRunLatest_whenTheDueDeadlineFiresThreeDaysLate_thenTheLatestDueAndTheOthersMissedByPolicy() {
        backAfterThreeRuns(create(CatchUpPolicy.RUN_LATEST, WINDOW))
                .whenTimeElapses(Duration.ZERO)
                .expectEvents(missed(day(4), "CATCH_UP_POLICY", BACK), missed(day(5), "CATCH_UP_POLICY", BACK),
                        due(day(6)), planned(day(7)));
    }

    @Test
    void givenSkip_whenTheDueDeadlineFiresThreeDaysLate_thenNoneDueAndAllMissedByPolicy() {
        backAfterThreeRuns(create(CatchUpPolicy.SKIP, WINDOW))
                .whenTimeElapses(Duration.ZERO)
                .expectEvents(missed(day(4), "CATCH_UP_POLICY", BACK), missed(day(5), "CATCH_UP_POLICY", BACK),
                        missed(day(6), "CATCH_UP_POLICY", BACK), planned(day(7)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(7)));
    }

    @Test
    void givenRunAllWithATwoDayWindow_whenTheDueDeadlineFiresThreeDaysLate_thenRunsOlderThanTheWindowMissed() {
        // BACK minus two days is 07:00 UTC on the 5th: the 4th ran before it, the 5th and 6th after.
        backAfterThreeRuns(create(CatchUpPolicy.RUN_ALL, Duration.ofDays(2)))
                .whenTimeElapses(Duration.ZERO)
                .expectEvents(missed(day(4), "OUTSIDE_CATCH_UP_WINDOW", BACK), due(day(5)), due(day(6)),
                        planned(day(7)));
    }

    @Test
    void givenSkip_whenTheDueDeadlineFiresFiveMinutesLate_thenStillOnTimeAndDue() {
        CreateRecurringPayment command = create(CatchUpPolicy.SKIP, WINDOW);
        fixture.givenCurrentTime(runAt(day(4)).plus(Duration.ofMinutes(5)))
                .andGiven(scheduled(command), planned(day(4)));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        fixture.whenTimeElapses(Duration.ZERO)
                .expectEvents(due(day(4)), planned(day(5)));
    }

    @Test
    void givenCountOfTwo_whenBothRunTimesPass_thenBothDueAndNothingPlannedButNotYetCompleted() {
        CreateRecurringPayment twice = create(daily("FREQ=DAILY;COUNT=2"));
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(twice)
                .whenTimeAdvancesTo(runAt(day(5)))
                .expectEvents(due(day(4)), planned(day(5), 1), due(day(5)), nothingPlanned());
        assertThat(schedule.scheduledDeadlines()).isEmpty();
    }

    @Test
    void givenCountOfTwoWithBothDueAndTheFirstPaid_whenTheLastIsPaid_thenPaidAndCompleted() {
        Instant paidAt = runAt(day(5)).plusSeconds(1);
        fixture.givenCurrentTime(paidAt)
                .andGiven(countOfTwoBothDue(true))
                .when(paidOutcome(day(5), 1))
                .expectEvents(paid(day(5), 1, paidAt), new RecurringPaymentCompleted(SCHEDULE_ID, paidAt));
    }

    @Test
    void givenCountOfTwoWithBothDue_whenTheLastIsPaidBeforeTheFirst_thenNotCompletedUntilTheFirstIsDecided() {
        Instant paidAt = runAt(day(5)).plusSeconds(1);
        fixture.givenCurrentTime(paidAt)
                .andGiven(countOfTwoBothDue(false))
                .when(paidOutcome(day(5), 1))
                .expectEvents(paid(day(5), 1, paidAt));
    }

    @Test
    void givenCountOfTwoWithBothDueAndTheFirstPaid_whenTheLastIsAbandoned_thenAbandonedAndCompleted() {
        Instant failedAt = runAt(day(5)).plusSeconds(1);
        CreateRecurringPayment twiceWithoutRetries = creation().recurrence(daily("FREQ=DAILY;COUNT=2"))
                .retryDelays(List.of()).command();
        fixture.givenCurrentTime(failedAt)
                .andGiven(scheduled(twiceWithoutRetries), planned(day(4), 2), due(day(4)), planned(day(5), 1),
                        paid(day(4), 1, runAt(day(4))), due(day(5)), nothingPlanned())
                .when(failedOutcome(day(5), 1))
                .expectEvents(abandoned(day(5), 1, "EXCEEDS_AVAILABLE_BALANCE", true, failedAt),
                        new RecurringPaymentCompleted(SCHEDULE_ID, failedAt));
    }

    @Test
    void givenCountOfTwoAndSkip_whenTheDueDeadlineFiresAfterBothRuns_thenBothMissedAndCompleted() {
        CreateRecurringPayment twiceSkippingLateRuns = creation().recurrence(daily("FREQ=DAILY;COUNT=2"))
                .catchUp(CatchUpPolicy.SKIP, WINDOW).command();
        fixture.givenCurrentTime(BACK)
                .andGiven(scheduled(twiceSkippingLateRuns), planned(day(4), 2));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        fixture.whenTimeElapses(Duration.ZERO)
                .expectEvents(missed(day(4), "CATCH_UP_POLICY", BACK), missed(day(5), "CATCH_UP_POLICY", BACK),
                        nothingPlanned(), new RecurringPaymentCompleted(SCHEDULE_ID, BACK));
    }

    /** The schedule planned the 4th before the ledger went down; its deadline fires when the ledger is back. */
    private TestExecutor<RecurringPayment> backAfterThreeRuns(CreateRecurringPayment command) {
        TestExecutor<RecurringPayment> executor = fixture.givenCurrentTime(BACK)
                .andGiven(scheduled(command), planned(day(4)));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        return executor;
    }

    private static List<Object> countOfTwoBothDue(boolean firstPaid) {
        CreateRecurringPayment twice = create(daily("FREQ=DAILY;COUNT=2"));
        List<Object> history = new ArrayList<>(List.of(scheduled(twice), planned(day(4), 2), due(day(4)),
                planned(day(5), 1)));
        if (firstPaid) {
            history.add(paid(day(4), 1, runAt(day(4))));
        }
        history.addAll(List.of(due(day(5)), nothingPlanned()));
        return history;
    }
}
