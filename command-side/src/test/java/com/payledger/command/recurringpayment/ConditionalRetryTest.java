package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.eur;
import static com.payledger.command.recurringpayment.ScheduleTestData.nothingPlanned;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.hamcrest.CoreMatchers.describedAs;

import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.rejection.Rejection;
import com.payledger.events.recurringpayment.RecurringPaymentAmountChanged;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change sent with If-Match naming a version the schedule has left: the retry of a change whose answer was lost
 * finds it applied and answers as the first time did (RFC 9110 allows it; the account's limit and close do the same),
 * while any other change is refused with PRECONDITION_FAILED. Either way nothing is recorded. In each case the schedule
 * is at version 3 and If-Match names version 1, the version before the change.
 */
class ConditionalRetryTest {

    private static final Instant NOW = Instant.parse("2027-01-03T18:00:00Z");
    private static final List<Long> BEFORE_THE_CHANGE = List.of(1L);

    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new RecurringPaymentFixture().fixture;
    }

    @Test
    void givenPaused_whenThePauseIsRetried_thenAnsweredAsAppliedAndOnlyAnotherPauseRefused() {
        Object[] pausedSince = {scheduled(), planned(day(4)), new RecurringPaymentPaused(SCHEDULE_ID, null, CREATED_AT),
                nothingPlanned()};

        answeredAsApplied(given(pausedSince).when(new PauseRecurringPayment(ID, null, BEFORE_THE_CHANGE)));
        refused(given(pausedSince).when(new PauseRecurringPayment(ID, day(9), BEFORE_THE_CHANGE)));
        refused(given(pausedSince).when(new CancelRecurringPayment(ID, BEFORE_THE_CHANGE)));
    }

    @Test
    void givenActiveAgain_whenAResumeIsRetried_thenAnsweredAsApplied() {
        answeredAsApplied(given(scheduled(), planned(day(4)), new RecurringPaymentOccurrenceSkipped(SCHEDULE_ID, day(4),
                CREATED_AT), planned(day(5))).when(new ResumeRecurringPayment(ID, BEFORE_THE_CHANGE)));
    }

    @Test
    void givenCancelled_whenTheCancelIsRetried_thenAnsweredAsApplied() {
        answeredAsApplied(given(scheduled(), planned(day(4)), new RecurringPaymentCancelled(SCHEDULE_ID, CREATED_AT),
                nothingPlanned()).when(new CancelRecurringPayment(ID, BEFORE_THE_CHANGE)));
    }

    @Test
    void givenAnOccurrenceSkipped_whenThatSkipIsRetried_thenAnsweredAsAppliedAndOnlyTheNextOneRefused() {
        Object[] skippedSince = {scheduled(), planned(day(4)),
                new RecurringPaymentOccurrenceSkipped(SCHEDULE_ID, day(4), CREATED_AT), planned(day(5))};

        answeredAsApplied(given(skippedSince).when(new SkipNextOccurrence(ID, day(4), BEFORE_THE_CHANGE)));
        refused(given(skippedSince).when(new SkipNextOccurrence(ID, day(5), BEFORE_THE_CHANGE)));
        refused(given(skippedSince).when(new SkipNextOccurrence(ID, null, BEFORE_THE_CHANGE)));
    }

    @Test
    void givenTheAmountChanged_whenThatChangeIsRetried_thenAnsweredAsAppliedAndOnlyAnotherAmountRefused() {
        Object[] changedSince = {scheduled(), planned(day(4)), new RecurringPaymentAmountChanged(SCHEDULE_ID,
                eur(90_000), CREATED_AT), new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(80_000), CREATED_AT)};

        answeredAsApplied(given(changedSince).when(new ChangeRecurringPaymentAmount(ID, 80_000, BEFORE_THE_CHANGE)));
        refused(given(changedSince).when(new ChangeRecurringPaymentAmount(ID, 70_000, BEFORE_THE_CHANGE)));
    }

    private TestExecutor<RecurringPayment> given(Object... events) {
        return fixture.givenCurrentTime(NOW).andGiven(events);
    }

    private static void answeredAsApplied(ResultValidator<RecurringPayment> result) {
        result.expectSuccessfulHandlerExecution().expectNoEvents()
                .expectResultMessagePayloadMatching(describedAs("version 3", matches(
                        (ScheduleSnapshot answer) -> answer.version() == 3)));
    }

    private static void refused(ResultValidator<RecurringPayment> result) {
        result.expectExceptionMessage(Rejection.PRECONDITION_FAILED.name()).expectNoEvents();
    }
}
