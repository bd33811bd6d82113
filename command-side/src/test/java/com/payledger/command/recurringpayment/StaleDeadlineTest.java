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
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.ResumeCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.RetryCheck;
import com.payledger.command.recurringpayment.RecurringPaymentFixture.Deadline;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import com.payledger.events.recurringpayment.RecurringPaymentResumed;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A deadline can outlive the plan it was set for (deadlines are not cancelled, and a durable deadline store may
 * deliver one twice): each one that no longer matches the schedule fires and records nothing.
 */
class StaleDeadlineTest {

    private static final Instant START_OF_JAN_7 = Instant.parse("2027-01-06T23:00:00Z");
    private static final Instant FAILED_AT = runAt(day(4)).plusSeconds(1);

    private RecurringPaymentFixture schedule;
    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        schedule = new RecurringPaymentFixture();
        fixture = schedule.fixture;
    }

    @Test
    void givenNextOccurrenceSkipped_whenTheDueCheckPlannedForItFires_thenNothingHappens() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)),
                        new RecurringPaymentOccurrenceSkipped(SCHEDULE_ID, day(4), CREATED_AT), planned(day(5)));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        fixture.whenTimeAdvancesTo(runAt(day(4)))
                .expectTriggeredDeadlines(new DueCheck(day(4)))
                .expectNoEvents();
    }

    @Test
    void givenOnlyOccurrenceSkipped_whenTheDueCheckSetAtCreationFires_thenNothingHappens() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(daily("FREQ=DAILY;COUNT=1")), new SkipNextOccurrence(ID))
                .whenTimeAdvancesTo(runAt(day(5)))
                .expectNoEvents();
    }

    @Test
    void givenOccurrenceAlreadyDue_whenItsDueCheckIsDeliveredAgain_thenNothingHappens() {
        fixture.givenCurrentTime(runAt(day(4)).plusSeconds(5))
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        fixture.whenTimeElapses(Duration.ZERO)
                .expectTriggeredDeadlines(new DueCheck(day(4)))
                .expectNoEvents();
    }

    @Test
    void givenPausedResumedSameDay_whenBothDueChecksForTheSameRunFire_thenItIsDueOnce() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), new PauseRecurringPayment(ID, null), new ResumeRecurringPayment(ID))
                .whenTimeAdvancesTo(runAt(day(4)))
                .expectTriggeredDeadlines(new DueCheck(day(4)), new DueCheck(day(4)))
                .expectEvents(due(day(4)), planned(day(5)));
    }

    @Test
    void givenCancelled_whenTheDueCheckFires_thenNothingHappens() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), new RecurringPaymentCancelled(SCHEDULE_ID, CREATED_AT));
        schedule.deadlineSetEarlier(Deadline.due(day(4)));
        fixture.whenTimeAdvancesTo(runAt(day(4)))
                .expectTriggeredDeadlines(new DueCheck(day(4)))
                .expectNoEvents();
    }

    @Test
    void givenPausedAgainWithALaterEnd_whenTheFirstPausesResumeCheckFires_thenStillPaused() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), paused(day(7)), planned(day(7)), paused(day(9)),
                        planned(day(9)));
        schedule.deadlineSetEarlier(Deadline.resume(day(7), START_OF_JAN_7));
        fixture.whenTimeAdvancesTo(runAt(day(7)))
                .expectTriggeredDeadlines(new ResumeCheck(day(7)))
                .expectNoEvents();
    }

    @Test
    void givenPausedUntilADateThenPausedWithoutEnd_whenTheResumeCheckFires_thenStillPaused() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), paused(day(7)), planned(day(7)), paused(null),
                        nothingPlanned());
        schedule.deadlineSetEarlier(Deadline.resume(day(7), START_OF_JAN_7));
        fixture.whenTimeAdvancesTo(runAt(day(7)))
                .expectTriggeredDeadlines(new ResumeCheck(day(7)))
                .expectNoEvents();
    }

    @Test
    void givenResumedEarlyByCommand_whenThePausesResumeCheckFires_thenNothingHappens() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), paused(day(7)), planned(day(7)),
                        new RecurringPaymentResumed(SCHEDULE_ID, CREATED_AT), planned(day(4)),
                        due(day(4)), planned(day(5)), due(day(5)), planned(day(6)), due(day(6)), planned(day(7)));
        schedule.deadlineSetEarlier(Deadline.resume(day(7), START_OF_JAN_7));
        fixture.whenTimeAdvancesTo(START_OF_JAN_7)
                .expectTriggeredDeadlines(new ResumeCheck(day(7)))
                .expectNoEvents();
    }

    @Test
    void givenRetryAbandonedByAPause_whenItsRetryCheckFiresAfterTheResume_thenNothingIsDue() {
        Instant resumedAt = FAILED_AT.plusSeconds(120);
        fixture.givenCurrentTime(resumedAt)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, FAILED_AT),
                        paused(null), abandoned(day(4), 1, "SCHEDULE_PAUSED", false, FAILED_AT.plusSeconds(60)),
                        nothingPlanned(), new RecurringPaymentResumed(SCHEDULE_ID, resumedAt), planned(day(5)));
        schedule.deadlineSetEarlier(Deadline.retry(day(4), 2, FAILED_AT.plus(Duration.ofHours(1))));
        fixture.whenTimeAdvancesTo(FAILED_AT.plus(Duration.ofHours(1)))
                .expectTriggeredDeadlines(new RetryCheck(day(4), 2))
                .expectNoEvents();
    }

    @Test
    void givenRetryAbandonedByCancelling_whenItsRetryCheckFires_thenNothingIsDue() {
        fixture.givenCurrentTime(FAILED_AT)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, FAILED_AT),
                        new RecurringPaymentCancelled(SCHEDULE_ID, FAILED_AT),
                        abandoned(day(4), 1, "SCHEDULE_CANCELLED", false, FAILED_AT));
        schedule.deadlineSetEarlier(Deadline.retry(day(4), 2, FAILED_AT.plus(Duration.ofHours(1))));
        fixture.whenTimeAdvancesTo(FAILED_AT.plus(Duration.ofHours(1)))
                .expectTriggeredDeadlines(new RetryCheck(day(4), 2))
                .expectNoEvents();
    }

    private static RecurringPaymentPaused paused(LocalDate until) {
        return new RecurringPaymentPaused(SCHEDULE_ID, until, CREATED_AT);
    }
}
