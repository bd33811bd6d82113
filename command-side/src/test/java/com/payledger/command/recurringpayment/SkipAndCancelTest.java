package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.abandoned;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.daily;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.due;
import static com.payledger.command.recurringpayment.ScheduleTestData.failed;
import static com.payledger.command.recurringpayment.ScheduleTestData.nothingPlanned;
import static com.payledger.command.recurringpayment.ScheduleTestData.paid;
import static com.payledger.command.recurringpayment.ScheduleTestData.paidOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import com.payledger.events.recurringpayment.RecurringPaymentResumed;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Skipping the next occurrence, cancelling, and commands for a schedule that does not exist. */
class SkipAndCancelTest {

    private static final SkipNextOccurrence SKIP = new SkipNextOccurrence(ID);
    private static final CancelRecurringPayment CANCEL = new CancelRecurringPayment(ID);

    private RecurringPaymentFixture schedule;
    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        schedule = new RecurringPaymentFixture();
        fixture = schedule.fixture;
    }

    @Test
    void givenCreated_whenNextSkipped_thenSkippedAndTheRunAfterItPlanned() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .when(SKIP)
                .expectEvents(skipped(day(4), CREATED_AT), planned(day(5)))
                .expectScheduledDeadline(runAt(day(5)), new DueCheck(day(5)));
    }

    @Test
    void givenOneSkipped_whenSkippedAgain_thenTheFollowingOneSkippedToo() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), SKIP)
                .when(SKIP)
                .expectEvents(skipped(day(5), CREATED_AT), planned(day(6)));
    }

    @Test
    void givenCreated_whenTheNextOccurrenceIsNamed_thenSkippedAsWithoutAName() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .when(new SkipNextOccurrence(ID, day(4)))
                .expectEvents(skipped(day(4), CREATED_AT), planned(day(5)));
    }

    @Test
    void givenANamedOccurrenceSkipped_whenTheSameSkipIsRetried_thenNothingMoreIsSkipped() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), new SkipNextOccurrence(ID, day(4)))
                .when(new SkipNextOccurrence(ID, day(4)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenTheLastOccurrenceSkippedByName_whenTheSameSkipIsRetried_thenNoEventsAndNoRejection() {
        // The first skip completed the schedule; its retry must still get the first answer, not SCHEDULE_COMPLETED.
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(daily("FREQ=DAILY;COUNT=1")), new SkipNextOccurrence(ID, day(4)))
                .when(new SkipNextOccurrence(ID, day(4)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenTheNamedOccurrenceAlreadyDue_whenSkipped_thenOccurrenceNotNextAndTheFollowingOneStays() {
        fixture.givenCurrentTime(runAt(day(4)).plusSeconds(1))
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .when(new SkipNextOccurrence(ID, day(4)))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OCCURRENCE_NOT_NEXT.name())
                .expectNoEvents();
    }

    @Test
    void givenALaterOccurrenceNamed_whenSkipped_thenOccurrenceNotNext() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .when(new SkipNextOccurrence(ID, day(6)))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.OCCURRENCE_NOT_NEXT.name())
                .expectNoEvents();
    }

    @Test
    void givenSkipped_whenRunTimesPass_thenTheSkippedOccurrenceIsNeverDue() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), SKIP)
                .whenTimeAdvancesTo(runAt(day(5)))
                .expectEvents(due(day(5)), planned(day(6)));
    }

    @Test
    void givenPausedWithoutEnd_whenSkipped_thenRejectedNoFutureOccurrence() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), paused(null), nothingPlanned())
                .when(SKIP)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.NO_FUTURE_OCCURRENCE.name());
    }

    @Test
    void givenPausedUntilADate_whenSkipped_thenTheFirstRunAfterThePauseSkipped() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), paused(day(7)), planned(day(7)))
                .when(SKIP)
                .expectEvents(skipped(day(7), CREATED_AT), planned(day(8)));
    }

    @Test
    void givenPausedUntilADateAndItsFirstRunSkipped_whenThePauseEnds_thenTheSkippedDateIsNotPaid() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), new PauseRecurringPayment(ID, day(7)), SKIP)
                .whenTimeAdvancesTo(runAt(day(8)))
                .expectEvents(new RecurringPaymentResumed(SCHEDULE_ID, Instant.parse("2027-01-06T23:00:00Z")),
                        planned(day(8)), due(day(8)), planned(day(9)));
    }

    @Test
    void givenPausedUntilADateAndItsFirstRunSkipped_whenResumedEarly_thenOnlyTheSkippedDateIsLeftOut() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), new PauseRecurringPayment(ID, day(7)), SKIP,
                        new ResumeRecurringPayment(ID))
                .whenTimeAdvancesTo(runAt(day(8)))
                .expectEvents(due(day(4)), planned(day(5)), due(day(5)), planned(day(6)), due(day(6)),
                        planned(day(8)), due(day(8)), planned(day(9)));
    }

    @Test
    void givenItsLastOccurrenceNext_whenSkipped_thenSkippedNothingPlannedAndCompleted() {
        CreateRecurringPayment once = create(daily("FREQ=DAILY;COUNT=1"));
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(once)
                .when(SKIP)
                .expectEvents(skipped(day(4), CREATED_AT), nothingPlanned(),
                        new RecurringPaymentCompleted(SCHEDULE_ID, CREATED_AT));
    }

    /** A cancellation after a run time its deadline had not reached yet: that occurrence is due first. */
    @Test
    void givenARunTimePassedButNotYetFired_whenCancelled_thenThatOccurrenceIsDueFirst() {
        Instant cancelledAt = runAt(day(4)).plusSeconds(1);
        fixture.givenCurrentTime(cancelledAt)
                .andGiven(scheduled(), planned(day(4)))
                .when(CANCEL)
                .expectEvents(due(day(4)), planned(day(5)), new RecurringPaymentCancelled(SCHEDULE_ID, cancelledAt));
    }

    @Test
    void givenCreated_whenCancelled_thenCancelled() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create())
                .when(CANCEL)
                .expectEvents(new RecurringPaymentCancelled(SCHEDULE_ID, CREATED_AT));
    }

    @Test
    void givenCancelled_whenRunTimesPass_thenNothingIsDue() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), CANCEL)
                .whenTimeAdvancesTo(runAt(day(10)))
                .expectNoEvents();
    }

    @Test
    void givenCancelled_whenCancelledAgain_thenNoEvents() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), CANCEL)
                .when(CANCEL)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenOccurrenceAwaitingRetry_whenCancelled_thenItsRetryIsAbandonedWithoutCounting() {
        Instant failedAt = runAt(day(4)).plusSeconds(1);
        Instant cancelledAt = failedAt.plusSeconds(60);
        fixture.givenCurrentTime(cancelledAt)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, failedAt))
                .when(CANCEL)
                .expectEvents(new RecurringPaymentCancelled(SCHEDULE_ID, cancelledAt),
                        abandoned(day(4), 1, "SCHEDULE_CANCELLED", false, cancelledAt));
    }

    @Test
    void givenCancelledWhileAnOccurrenceWasBeingPaid_whenItIsReportedPaid_thenPaidBecauseTheMoneyMoved() {
        Instant paidAt = runAt(day(4)).plusSeconds(2);
        fixture.givenCurrentTime(paidAt)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)),
                        new RecurringPaymentCancelled(SCHEDULE_ID, runAt(day(4)).plusSeconds(1)))
                .when(paidOutcome(day(4), 1))
                .expectEvents(paid(day(4), 1, paidAt));
    }

    @Test
    void givenCompleted_whenCancelled_thenRejectedScheduleCompleted() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), nothingPlanned(),
                        paid(day(4), 1, runAt(day(4))), new RecurringPaymentCompleted(SCHEDULE_ID, runAt(day(4))))
                .when(CANCEL)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_COMPLETED.name());
    }

    @Test
    void givenCancelled_whenSkipped_thenRejectedScheduleCancelled() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), CANCEL)
                .when(SKIP)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_CANCELLED.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsOnAnExistingSchedule")
    void givenNoSchedule_whenCommanded_thenRejectedScheduleNotFound(Object command) {
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_NOT_FOUND.name())
                .expectNoEvents();
    }

    static Stream<Object> commandsOnAnExistingSchedule() {
        return Stream.of(new PauseRecurringPayment(ID, null), new ResumeRecurringPayment(ID), SKIP,
                new ChangeRecurringPaymentAmount(ID, 1), CANCEL, paidOutcome(day(4), 1));
    }

    private static RecurringPaymentOccurrenceSkipped skipped(LocalDate occurrence, Instant skippedAt) {
        return new RecurringPaymentOccurrenceSkipped(SCHEDULE_ID, occurrence, skippedAt);
    }

    private static RecurringPaymentPaused paused(LocalDate until) {
        return new RecurringPaymentPaused(SCHEDULE_ID, until, CREATED_AT);
    }
}
