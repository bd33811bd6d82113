package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNER_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.creation;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A client creates and changes only its own owner's schedules; another owner's schedule is as absent as none. */
class ScheduleOwnershipTest {

    private static final Map<String, String> ACTING_FOR_OWNER = Map.of(ActingOwner.METADATA_KEY, OWNER_ID);
    private static final Map<String, String> ACTING_FOR_ANOTHER = Map.of(ActingOwner.METADATA_KEY, "user-bob");

    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new RecurringPaymentFixture().fixture;
    }

    @Test
    void givenTheOwnersClient_whenItSchedulesFromTheOwnersAccount_thenScheduled() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(create(), ACTING_FOR_OWNER)
                .expectEvents(scheduled(), planned(day(4)));
    }

    @Test
    void givenAnotherOwnersClient_whenItSchedulesForTheOwner_thenForeignOwnerAndNothingRecorded() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(create(), ACTING_FOR_ANOTHER)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.FOREIGN_OWNER.name())
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void givenAClient_whenItSchedulesFromAnAccountOfAnotherOwner_thenThatAccountIsNotFound() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(creation().ownerId("user-bob").command(), ACTING_FOR_ANOTHER)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.ACCOUNT_NOT_FOUND.name())
                .expectNoEvents();
    }

    @ParameterizedTest
    @MethodSource("changes")
    void givenAnotherOwnersSchedule_whenAClientChangesIt_thenScheduleNotFoundAndNothingRecorded(Object change) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(change, ACTING_FOR_ANOTHER)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_NOT_FOUND.name())
                .expectNoEvents();
    }

    @ParameterizedTest
    @MethodSource("changes")
    void givenTheOwnersSchedule_whenItsClientChangesIt_thenAccepted(Object change) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(change, ACTING_FOR_OWNER)
                .expectSuccessfulHandlerExecution();
    }

    static Stream<Object> changes() {
        return List.<Object>of(new PauseRecurringPayment(ID, null), new ResumeRecurringPayment(ID),
                new SkipNextOccurrence(ID), new ChangeRecurringPaymentAmount(ID, 1), new CancelRecurringPayment(ID))
                .stream();
    }
}
