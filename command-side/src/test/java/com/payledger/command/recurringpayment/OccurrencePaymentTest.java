package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.AMOUNT;
import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.REJECTION;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.due;
import static com.payledger.command.recurringpayment.ScheduleTestData.failed;
import static com.payledger.command.recurringpayment.ScheduleTestData.failedOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.paid;
import static com.payledger.command.recurringpayment.ScheduleTestData.paidOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.RetryCheck;
import com.payledger.command.recurringpayment.RecurringPaymentFixture.Deadline;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import com.payledger.events.recurringpayment.RecurringPaymentFailed;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An occurrence from its run time to its fate: due, paid, failed and retried, abandoned; outcomes reported twice. */
class OccurrencePaymentTest {

    /** The automation reports attempt 1 a second after the 4th's run; attempt 2 a second after its retry time. */
    private static final Instant FIRST_REPORT = runAt(day(4)).plusSeconds(1);
    private static final Instant SECOND_REPORT = FIRST_REPORT.plus(Duration.ofHours(1)).plusSeconds(1);

    private RecurringPaymentFixture schedule;
    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        schedule = new RecurringPaymentFixture();
        fixture = schedule.fixture;
    }

    @Test
    void givenCreated_whenTheFirstRunTimeComes_thenDueWithTheOccurrencesOwnTransferIdAndTheNextRunPlanned() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .whenTimeAdvancesTo(runAt(day(4)))
                .expectEvents(new RecurringPaymentDue(SCHEDULE_ID, day(4), 1, "sched~rent~2027-01-04", "alice", "bob",
                                AMOUNT, "Rent", Instant.parse("2027-01-04T08:00:00Z")),
                        planned(day(5)))
                .expectTriggeredDeadlines(new DueCheck(day(4)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(5)));
    }

    @Test
    void givenCreated_whenThreeRunTimesPass_thenEachOccurrenceIsDueOnceInOrder() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .whenTimeAdvancesTo(runAt(day(6)).plusSeconds(1))
                .expectEvents(due(day(4)), planned(day(5)), due(day(5)), planned(day(6)), due(day(6)),
                        planned(day(7)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(7)));
    }

    @Test
    void givenCreated_whenTimeStopsJustBeforeTheFirstRun_thenNothingIsDue() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .whenTimeAdvancesTo(runAt(day(4)).minusNanos(1))
                .expectNoEvents();
    }

    @Test
    void givenDue_whenReportedPaid_thenPaid() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .when(paidOutcome(day(4), 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(paid(day(4), 1, FIRST_REPORT))
                .expectNoScheduledDeadlines();
    }

    @Test
    void givenDue_whenReportedFailed_thenFailedWithTheNextAttemptInAnHourAndItsRetryDeadline() {
        Instant inAnHour = FIRST_REPORT.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .when(failedOutcome(day(4), 1))
                .expectEvents(new RecurringPaymentFailed(SCHEDULE_ID, day(4), 1, REJECTION, inAnHour, FIRST_REPORT))
                .expectScheduledDeadline(inAnHour, new RetryCheck(day(4), 2));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.retry(day(4), 2, inAnHour));
    }

    /** The automation's attempt 1 was redelivered after funds arrived: the transfer went through after all. */
    @Test
    void givenFailed_whenTheSameAttemptIsReportedPaid_thenPaidAndTheRetryFindsNothingToDo() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .andGivenCommands(failedOutcome(day(4), 1))
                .when(paidOutcome(day(4), 1))
                .expectEvents(paid(day(4), 1, FIRST_REPORT));
    }

    @Test
    void givenFailed_whenTheRetryTimeComes_thenAttemptTwoDueWithTheSameTransferAmountAndRunTime() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .andGivenCommands(failedOutcome(day(4), 1))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEvents(new RecurringPaymentDue(SCHEDULE_ID, day(4), 2, "sched~rent~2027-01-04", "alice", "bob",
                        AMOUNT, "Rent", Instant.parse("2027-01-04T08:00:00Z")))
                .expectTriggeredDeadlines(new RetryCheck(day(4), 2));
    }

    @Test
    void givenSecondAttemptDue_whenReportedFailed_thenFailedWithTheSecondDelayAndARetryForAttemptThree() {
        Instant inSixHours = SECOND_REPORT.plus(Duration.ofHours(6));
        fixture.givenCurrentTime(SECOND_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT))
                .when(failedOutcome(day(4), 2))
                .expectEvents(failed(day(4), 2, SECOND_REPORT))
                .expectScheduledDeadline(inSixHours, new RetryCheck(day(4), 3));
    }

    @Test
    void givenLastAttemptDue_whenReportedFailed_thenAbandonedAndCountedWithNoFurtherRetry() {
        Instant lastFailure = SECOND_REPORT.plus(Duration.ofHours(6)).plusSeconds(1);
        fixture.givenCurrentTime(lastFailure)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT),
                        failed(day(4), 2, SECOND_REPORT), due(day(4), 3, AMOUNT))
                .when(failedOutcome(day(4), 3))
                .expectEvents(new RecurringPaymentAbandoned(SCHEDULE_ID, day(4), 3, REJECTION, true, lastFailure))
                .expectNoScheduledDeadlines();
    }

    @Test
    void givenRetryDue_whenReportedPaid_thenPaidOnThatAttempt() {
        fixture.givenCurrentTime(SECOND_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT))
                .when(paidOutcome(day(4), 2))
                .expectEvents(paid(day(4), 2, SECOND_REPORT));
    }

    @Test
    void givenPaid_whenReportedPaidAgain_thenNoEvents() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), paid(day(4), 1, FIRST_REPORT))
                .when(paidOutcome(day(4), 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenFailed_whenReportedFailedAgain_thenNoEventsAndNoSecondRetry() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT))
                .when(failedOutcome(day(4), 1))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void givenFailedAndAwaitingItsRetry_whenAttemptOneIsReportedFailedAgain_thenNoEvents() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT))
                .when(failedOutcome(day(4), 1))
                .expectNoEvents();
    }

    @Test
    void givenAttemptTwoDue_whenAttemptOneIsReportedAgain_thenNoEvents() {
        fixture.givenCurrentTime(SECOND_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT))
                .when(failedOutcome(day(4), 1))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void givenOccurrenceNeverDue_whenAnOutcomeIsReported_thenNoEvents() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .when(paidOutcome(day(5), 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenRetryAlreadyDue_whenItsDeadlineIsDeliveredAgain_thenNoSecondDue() {
        Instant inAnHour = FIRST_REPORT.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(inAnHour)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT));
        schedule.deadlineSetEarlier(Deadline.retry(day(4), 2, inAnHour));
        fixture.whenTimeElapses(Duration.ZERO)
                .expectTriggeredDeadlines(new RetryCheck(day(4), 2))
                .expectNoEvents();
    }

    /**
     * A skip after a failure made the skip the last outcome, so a client reading the schedule saw nothing of the
     * payment still being retried: the earliest pending retry is shown beside the last outcome.
     */
    @Test
    void givenAFailedOccurrenceAwaitingItsRetry_whenTheNextIsSkipped_thenTheAnswerShowsBothTheSkipAndTheRetry() {
        Instant inAnHour = FIRST_REPORT.plus(Duration.ofHours(1));
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT))
                .when(new SkipNextOccurrence(ScheduleTestData.ID))
                .expectResultMessagePayloadMatching(Matchers.predicate((ScheduleSnapshot answer) ->
                        answer.lastOutcome().equals(new ScheduleSnapshot.Outcome(day(5), "SKIPPED", null))
                                && new ScheduleSnapshot.PendingRetry(day(4), 1, REJECTION, inAnHour)
                                .equals(answer.pendingRetry())));
    }

    @Test
    void givenAFailedOccurrence_whenItsRetryStarts_thenNoRetryIsPendingAnyMore() {
        fixture.givenCurrentTime(FIRST_REPORT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        failed(day(4), 1, FIRST_REPORT), due(day(4), 2, AMOUNT))
                .when(new SkipNextOccurrence(ScheduleTestData.ID))
                .expectResultMessagePayloadMatching(Matchers.predicate((ScheduleSnapshot answer) ->
                        answer.pendingRetry() == null));
    }
}
