package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.AMOUNT;
import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.REJECTION;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.due;
import static com.payledger.command.recurringpayment.ScheduleTestData.failed;
import static com.payledger.command.recurringpayment.ScheduleTestData.paid;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;

import com.payledger.command.recurringpayment.ScheduleCommands.ConfirmAttemptCurrent;
import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

/**
 * The automation asks before it posts an occurrence's transfer: the answer is yes exactly when a payment of that
 * attempt would be recorded, so no transfer moves money that the schedule ignores.
 */
class ConfirmAttemptTest {

    private static final Instant NOW = Instant.parse("2027-01-05T12:00:00Z");

    private final AggregateTestFixture<RecurringPayment> fixture = new RecurringPaymentFixture().fixture;

    @Test
    void givenAnAttemptDue_whenConfirmed_thenYesAndNothingRecorded() {
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(true)
                .expectNoEvents();
    }

    @Test
    void givenAFailedAttemptAwaitingItsRetry_whenThatAttemptIsConfirmed_thenYes() {
        // A redelivered attempt that now succeeds is recorded as paid: funds may have arrived meanwhile.
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, NOW))
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(true);
    }

    @Test
    void givenTheOccurrenceAbandonedAfterItsLastAttempt_whenThatAttemptIsConfirmed_thenNo() {
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, NOW),
                        due(day(4), 2, AMOUNT), failed(day(4), 2, NOW), due(day(4), 3, AMOUNT),
                        new RecurringPaymentAbandoned(SCHEDULE_ID, day(4), 3, REJECTION, true, NOW))
                .when(new ConfirmAttemptCurrent(ID, day(4), 3))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void givenARetryDroppedByACancel_whenTheFailedAttemptIsConfirmed_thenNo() {
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, NOW),
                        new RecurringPaymentCancelled(SCHEDULE_ID, NOW),
                        new RecurringPaymentAbandoned(SCHEDULE_ID, day(4), 1, "SCHEDULE_CANCELLED", false, NOW))
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(false);
    }

    @Test
    void givenPaid_orAnotherAttemptDue_whenConfirmed_thenNo() {
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), paid(day(4), 1, NOW))
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(false);
        fixture.givenCurrentTime(NOW)
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)), failed(day(4), 1, NOW),
                        due(day(4), 2, AMOUNT))
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(false);
    }

    @Test
    void givenNoSchedule_whenConfirmed_thenNo() {
        fixture.givenNoPriorActivity()
                .when(new ConfirmAttemptCurrent(ID, day(4), 1))
                .expectResultMessagePayload(false);
    }
}
