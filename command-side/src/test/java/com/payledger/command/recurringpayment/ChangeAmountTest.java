package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.AMOUNT;
import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNER_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.due;
import static com.payledger.command.recurringpayment.ScheduleTestData.eur;
import static com.payledger.command.recurringpayment.ScheduleTestData.failedOutcome;
import static com.payledger.command.recurringpayment.ScheduleTestData.nothingPlanned;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.command.transfer.TransferRules;
import com.payledger.events.recurringpayment.RecurringPaymentAmountChanged;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A new amount applies to occurrences that become due from then on; one already due keeps its amount. */
class ChangeAmountTest {

    private static final long NEW_AMOUNT_MINOR = 99_000;
    private static final Map<String, String> FROM_THE_OWNER = Map.of(ActingOwner.METADATA_KEY, OWNER_ID);

    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new RecurringPaymentFixture().fixture;
    }

    @Test
    void givenActive_whenAmountChanged_thenAmountChangedInTheSchedulesCurrency() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(NEW_AMOUNT_MINOR))
                .expectEvents(new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(NEW_AMOUNT_MINOR), CREATED_AT))
                .expectNoScheduledDeadlines();
    }

    /** An occurrence whose time came before the change keeps the amount it was due with. */
    @Test
    void givenARunTimePassedButNotYetFired_whenAmountChanged_thenThatOccurrenceIsDueWithTheOldAmount() {
        Instant changedAt = runAt(day(4)).plusSeconds(1);
        fixture.givenCurrentTime(changedAt)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(NEW_AMOUNT_MINOR))
                .expectEvents(due(day(4)), planned(day(5)),
                        new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(NEW_AMOUNT_MINOR), changedAt));
    }

    @Test
    void givenAmountChanged_whenTheNextRunTimeComes_thenThatOccurrenceIsDueWithTheNewAmount() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(), changeAmount(NEW_AMOUNT_MINOR))
                .whenTimeAdvancesTo(runAt(day(4)))
                .expectEvents(due(day(4), 1, eur(NEW_AMOUNT_MINOR)), planned(day(5)));
    }

    @Test
    void givenOccurrenceFailed_whenAmountChangedBeforeItsRetry_thenTheRetryKeepsTheOriginalAmount() {
        fixture.givenCurrentTime(runAt(day(4)).plusSeconds(1))
                .andGiven(scheduled(), planned(day(4)), due(day(4)), planned(day(5)))
                .andGivenCommands(failedOutcome(day(4), 1), changeAmount(NEW_AMOUNT_MINOR))
                .whenTimeElapses(Duration.ofHours(1))
                .expectEvents(due(day(4), 2, AMOUNT));
    }

    @Test
    void givenSameAmount_whenChangedToIt_thenNoEvents() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(AMOUNT.amountMinor()))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenPaused_whenAmountChanged_thenAmountChanged() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), new RecurringPaymentPaused(SCHEDULE_ID, null, CREATED_AT),
                        nothingPlanned())
                .when(changeAmount(NEW_AMOUNT_MINOR))
                .expectEvents(new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(NEW_AMOUNT_MINOR), CREATED_AT));
    }

    @Test
    void givenAmountChanged_whenCreatedAgainWithTheOriginalAmount_thenStillTheSameCreationAndNoEvents() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)),
                        new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(NEW_AMOUNT_MINOR), CREATED_AT))
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedAmounts")
    void givenActive_whenChangedToAnAmountBreakingARule_thenRejected(long amountMinor, Rejection expected) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(amountMinor))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(expected.name())
                .expectNoEvents();
    }

    static Stream<Arguments> rejectedAmounts() {
        return Stream.of(
                Arguments.of(0L, Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of(-1L, Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of(Long.MIN_VALUE, Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of(TransferRules.AMOUNT_MINOR_MAX + 1, Rejection.AMOUNT_TOO_LARGE),
                Arguments.of(Long.MAX_VALUE, Rejection.AMOUNT_TOO_LARGE));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {1L, TransferRules.AMOUNT_MINOR_MAX})
    void givenActive_whenChangedToAnAmountAtABound_thenAmountChanged(long amountMinor) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(amountMinor))
                .expectEvents(new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(amountMinor), CREATED_AT));
    }

    @Test
    void givenCancelled_whenChangedEvenToAnInvalidAmount_thenRejectedScheduleCancelledFirst() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)), new RecurringPaymentCancelled(SCHEDULE_ID, CREATED_AT))
                .when(changeAmount(0))
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_CANCELLED.name());
    }

    @Test
    void givenTheLimitLoweredBelowTheAmount_whenAClientAsksForThatAmountAgain_thenARetryWithNoEvents() {
        new RecurringPaymentFixture(AMOUNT.amountMinor() - 1).fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(AMOUNT.amountMinor()), FROM_THE_OWNER)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenALimit_whenAClientAsksForMore_thenAmountTooLargeAndForTheLimitItselfChanged() {
        long limit = NEW_AMOUNT_MINOR - 1;
        new RecurringPaymentFixture(limit).fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(NEW_AMOUNT_MINOR), FROM_THE_OWNER)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.AMOUNT_TOO_LARGE.name())
                .expectNoEvents();
        new RecurringPaymentFixture(limit).fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(changeAmount(limit), FROM_THE_OWNER)
                .expectEvents(new RecurringPaymentAmountChanged(SCHEDULE_ID, eur(limit), CREATED_AT));
    }

    private static ChangeRecurringPaymentAmount changeAmount(long amountMinor) {
        return new ChangeRecurringPaymentAmount(ID, amountMinor);
    }
}
