package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.AMOUNT;
import static com.payledger.command.recurringpayment.ScheduleTestData.CLOSED_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNERS_CLOSED_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.CREATED_AT;
import static com.payledger.command.recurringpayment.ScheduleTestData.CREDIT_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.DAILY;
import static com.payledger.command.recurringpayment.ScheduleTestData.DEBIT_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.DESCRIPTION;
import static com.payledger.command.recurringpayment.ScheduleTestData.NINE;
import static com.payledger.command.recurringpayment.ScheduleTestData.OWNER_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.RETRY_DELAYS;
import static com.payledger.command.recurringpayment.ScheduleTestData.SCHEDULE_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.SUSPEND_AFTER_ABANDONED;
import static com.payledger.command.recurringpayment.ScheduleTestData.USD_ACCOUNT_ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.WINDOW;
import static com.payledger.command.recurringpayment.ScheduleTestData.ZONE;
import static com.payledger.command.recurringpayment.ScheduleTestData.create;
import static com.payledger.command.recurringpayment.ScheduleTestData.creation;
import static com.payledger.command.recurringpayment.ScheduleTestData.daily;
import static com.payledger.command.recurringpayment.ScheduleTestData.day;
import static com.payledger.command.recurringpayment.ScheduleTestData.eur;
import static com.payledger.command.recurringpayment.ScheduleTestData.planned;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;
import static com.payledger.command.recurringpayment.ScheduleTestData.scheduled;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.RecurringPaymentFixture.Deadline;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import com.payledger.command.transfer.TransferRules;
import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.RecurringPaymentNextRunPlanned;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreateScheduleTest {

    private RecurringPaymentFixture schedule;
    private AggregateTestFixture<RecurringPayment> fixture;

    @BeforeEach
    void setUp() {
        schedule = new RecurringPaymentFixture();
        fixture = schedule.fixture;
    }

    @Test
    void givenNoSchedule_whenCreated_thenScheduledAndFirstRunPlannedWithItsDueDeadline() {
        fixture.givenCurrentTime(CREATED_AT)
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectEvents(scheduled(), planned(day(4)))
                .expectScheduledDeadline(runAt(day(4)), new DueCheck(day(4)))
                .expectResultMessagePayload(snapshot(day(4)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(4)));
    }

    @Test
    void givenNoSchedule_whenCreatedExactlyAtTheFirstRunTime_thenThatRunIsPlanned() {
        fixture.givenCurrentTime(runAt(day(4)))
                .when(create())
                .expectEvents(scheduled(create(), runAt(day(4))), planned(day(4)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(4)));
    }

    @Test
    void givenNoSchedule_whenCreatedOneMicrosecondAfterTheFirstRunTime_thenThatOccurrenceIsNeverPlanned() {
        Instant justAfter = runAt(day(4)).plusNanos(1_000);
        fixture.givenCurrentTime(justAfter)
                .when(create())
                .expectEvents(scheduled(create(), justAfter), planned(day(5)));
        assertThat(schedule.scheduledDeadlines()).containsExactly(Deadline.due(day(5)));
    }

    @Test
    void givenNoSchedule_whenCreatedWithCount_thenThePlanCountsTheRemainingOccurrences() {
        CreateRecurringPayment command = create(daily("FREQ=DAILY;COUNT=3"));
        fixture.givenCurrentTime(CREATED_AT)
                .when(command)
                .expectEvents(scheduled(command), planned(day(4), 3));
    }

    @Test
    void givenNoSchedule_whenCreatedWithItsOnlyRunLaterOnTheCreationDay_thenThatRunIsPlanned() {
        Recurrence untilToday = new Recurrence("FREQ=DAILY;UNTIL=20270103", day(1), LocalTime.of(14, 0), ZONE,
                ShortMonthPolicy.SKIP);
        CreateRecurringPayment command = create(untilToday);
        // 14:00 in Berlin on 2027-01-03 is 13:00 UTC, an hour after the creation.
        Instant runAt = Instant.parse("2027-01-03T13:00:00Z");
        fixture.givenCurrentTime(CREATED_AT)
                .when(command)
                .expectEvents(scheduled(command), new RecurringPaymentNextRunPlanned(SCHEDULE_ID, day(3), runAt, 1))
                .expectScheduledDeadline(runAt, new DueCheck(day(3)));
    }

    @Test
    void givenSchedule_whenCreatedAgainIdentically_thenNoEventNoDeadlineAndTheScheduleAsItStandsReturned() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectNoScheduledDeadlines()
                .expectResultMessagePayload(snapshot(day(4)));
    }

    /** The rule's parts in another order, in lower case, or ended with ";": the same rule, so the same creation. */
    @ParameterizedTest
    @ValueSource(strings = {"FREQ=DAILY;", "freq=daily", " FREQ=DAILY", "RRULE:FREQ=DAILY"})
    void givenSchedule_whenCreatedAgainWithTheRuleSpelledOtherwise_thenTheSameCreation(String rrule) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(create(daily(rrule)))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenABoundedSchedule_whenCreatedAgainWithItsPartsReordered_thenTheSameCreation() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(daily("FREQ=DAILY;INTERVAL=2;COUNT=3")))
                .when(create(daily("COUNT=3;FREQ=DAILY;INTERVAL=2;")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void givenABoundedSchedule_whenCreatedAgainWithAnotherCount_thenRejectedIdReusedWithDifferentPayload() {
        fixture.givenCurrentTime(CREATED_AT)
                .andGivenCommands(create(daily("FREQ=DAILY;INTERVAL=2;COUNT=3")))
                .when(create(daily("COUNT=4;FREQ=DAILY;INTERVAL=2")))
                .expectExceptionMessage(Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creationsDifferingInOneField")
    void givenSchedule_whenCreatedAgainWithDifferentPayload_thenRejectedIdReusedWithDifferentPayload(
            String differingField, CreateRecurringPayment command) {
        fixture.givenCurrentTime(CREATED_AT)
                .andGiven(scheduled(), planned(day(4)))
                .when(command)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD.name())
                .expectNoEvents();
    }

    static Stream<Arguments> creationsDifferingInOneField() {
        return Stream.of(
                Arguments.of("ownerId", creation().ownerId("user-bob").command()),
                Arguments.of("debitAccountId", creation().debit("zoe").command()),
                Arguments.of("creditAccountId", creation().credit("zoe").command()),
                Arguments.of("amount", creation().amount(eur(95_001)).command()),
                Arguments.of("description", creation().description("Rent, flat 2").command()),
                Arguments.of("description missing", creation().description(null).command()),
                Arguments.of("rrule", create(daily("FREQ=WEEKLY"))),
                Arguments.of("startDate", create(recurrence("FREQ=DAILY", day(5), NINE, ZONE))),
                Arguments.of("timeOfDay", create(recurrence("FREQ=DAILY", day(4), LocalTime.of(9, 1), ZONE))),
                Arguments.of("timeZone", create(recurrence("FREQ=DAILY", day(4), NINE, "Europe/Paris"))),
                Arguments.of("shortMonthPolicy", create(new Recurrence("FREQ=DAILY", day(4), NINE, ZONE,
                        ShortMonthPolicy.CLAMP))),
                Arguments.of("catchUpPolicy", create(CatchUpPolicy.SKIP, WINDOW)),
                Arguments.of("catchUpWindow", create(CatchUpPolicy.RUN_ALL, WINDOW.plusSeconds(1))),
                Arguments.of("retryDelays", creation().retryDelays(List.of(Duration.ofHours(1))).command()),
                Arguments.of("suspendAfterAbandoned", creation().suspendAfterAbandoned(4).command()));
    }

    @Test
    void givenTheOwnerAtItsScheduleLimit_whenAnotherIsCreated_thenRejectedAndARollbackLeavesTheCountAsItWas() {
        InMemoryScheduleQuota quota = new InMemoryScheduleQuota(1);
        // Rejected after its admission (no occurrence to come): the rollback must free its place. (A fixture takes
        // one schedule: each creation gets its own, all sharing the owner's quota.)
        new RecurringPaymentFixture(quota).fixture.givenCurrentTime(CREATED_AT)
                .when(creation().id("gym").recurrence(recurrence("FREQ=DAILY;UNTIL=20270102", day(1), NINE, ZONE))
                        .command())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.NO_FUTURE_OCCURRENCE.name());
        new RecurringPaymentFixture(quota).fixture.givenCurrentTime(CREATED_AT)
                .when(create())
                .expectSuccessfulHandlerExecution()
                .expectEvents(scheduled(), planned(day(4)));

        new RecurringPaymentFixture(quota).fixture.givenCurrentTime(CREATED_AT)
                .when(creation().id("insurance").command())
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(Rejection.SCHEDULE_LIMIT_REACHED.name())
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedCreations")
    void givenNoSchedule_whenCreationBreaksARule_thenRejectedWithThatRuleAndNothingRecordedOrScheduled(
            String rule, CreateRecurringPayment command, Rejection expected) {
        fixture.givenCurrentTime(CREATED_AT)
                .when(command)
                .expectException(LedgerRejected.class)
                .expectExceptionMessage(expected.name())
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    /** In the precedence order of {@link Rejection}; where two rules break, the earlier one is the answer. */
    static Stream<Arguments> rejectedCreations() {
        long max = TransferRules.AMOUNT_MINOR_MAX;
        Recurrence endedYesterday = recurrence("FREQ=DAILY;UNTIL=20270102", day(1), NINE, ZONE);
        return Stream.of(
                Arguments.of("amount 0", creation().amount(eur(0)).command(), Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of("amount -1", creation().amount(eur(-1)).command(), Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of("amount Long.MIN_VALUE", creation().amount(eur(Long.MIN_VALUE)).command(),
                        Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of("amount 0 to the same account", creation().amount(eur(0)).credit(DEBIT_ACCOUNT_ID)
                        .command(), Rejection.AMOUNT_MUST_BE_POSITIVE),
                Arguments.of("amount max + 1", creation().amount(eur(max + 1)).command(),
                        Rejection.AMOUNT_TOO_LARGE),
                Arguments.of("amount Long.MAX_VALUE", creation().amount(eur(Long.MAX_VALUE)).command(),
                        Rejection.AMOUNT_TOO_LARGE),
                Arguments.of("same account", creation().credit(DEBIT_ACCOUNT_ID).command(), Rejection.SAME_ACCOUNT),
                Arguments.of("unknown debit account", creation().debit("zoe").command(),
                        Rejection.ACCOUNT_NOT_FOUND),
                Arguments.of("unknown credit account", creation().credit("zoe").command(),
                        Rejection.ACCOUNT_NOT_FOUND),
                Arguments.of("unknown account and no future occurrence",
                        creation().credit("zoe").recurrence(endedYesterday).command(), Rejection.ACCOUNT_NOT_FOUND),
                Arguments.of("debit account of another owner", creation().debit(CLOSED_ACCOUNT_ID).command(),
                        Rejection.ACCOUNT_NOT_FOUND),
                Arguments.of("closed debit account", creation().debit(OWNERS_CLOSED_ACCOUNT_ID).command(),
                        Rejection.ACCOUNT_CLOSED),
                Arguments.of("closed credit account", creation().credit(CLOSED_ACCOUNT_ID).command(),
                        Rejection.ACCOUNT_CLOSED),
                Arguments.of("credit account in USD", creation().credit(USD_ACCOUNT_ID).command(),
                        Rejection.CURRENCY_MISMATCH),
                Arguments.of("amount in USD", creation().amount(Money.of(95_000, "USD")).command(),
                        Rejection.CURRENCY_MISMATCH),
                Arguments.of("UNTIL before the creation", create(endedYesterday), Rejection.NO_FUTURE_OCCURRENCE),
                Arguments.of("COUNT used up before the creation",
                        create(recurrence("FREQ=DAILY;COUNT=2", day(1), NINE, ZONE)), Rejection.NO_FUTURE_OCCURRENCE),
                Arguments.of("only run two hours before the creation",
                        create(recurrence("FREQ=DAILY;UNTIL=20270103", day(1), LocalTime.of(11, 0), ZONE)),
                        Rejection.NO_FUTURE_OCCURRENCE));
    }

    @ParameterizedTest(name = "amount {0}")
    @MethodSource("amountsAtTheBounds")
    void givenNoSchedule_whenCreatedWithAnAmountAtABound_thenScheduled(long amountMinor) {
        CreateRecurringPayment command = creation().amount(eur(amountMinor)).command();
        fixture.givenCurrentTime(CREATED_AT)
                .when(command)
                .expectSuccessfulHandlerExecution()
                .expectEvents(scheduled(command), planned(day(4)));
    }

    static Stream<Long> amountsAtTheBounds() {
        return Stream.of(1L, TransferRules.AMOUNT_MINOR_MAX);
    }

    private static Recurrence recurrence(String rrule, LocalDate startDate, LocalTime timeOfDay, String zone) {
        return new Recurrence(rrule, startDate, timeOfDay, zone, ShortMonthPolicy.SKIP);
    }

    private static ScheduleSnapshot snapshot(LocalDate nextOccurrence) {
        return new ScheduleSnapshot(SCHEDULE_ID, OWNER_ID, DEBIT_ACCOUNT_ID, CREDIT_ACCOUNT_ID, AMOUNT, DESCRIPTION,
                DAILY, CatchUpPolicy.RUN_ALL, WINDOW, RETRY_DELAYS, SUSPEND_AFTER_ABANDONED, ScheduleStatus.ACTIVE,
                null, nextOccurrence, runAt(nextOccurrence), null, null, null, 1);
    }
}
