package com.payledger.command.recurringpayment;

import static com.payledger.command.recurringpayment.ScheduleTestData.ID;
import static com.payledger.command.recurringpayment.ScheduleTestData.runAt;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.ResumeCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.RetryCheck;
import com.payledger.command.transfer.AmountLimit;
import com.payledger.command.transfer.TransferRules;
import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.deadline.StubDeadlineManager;

/**
 * An {@link AggregateTestFixture} for {@link RecurringPayment} wired as in production: the schedule commands go
 * through {@link RecurringPaymentCommandHandler} with the real account stack of {@link TestAccounts}, the fixture's
 * deadline manager and a {@link FixtureClock}. The deadline handlers get the same clock and deadline manager as
 * injected resources, so {@code whenTimeElapses} drives commands and deadlines alike.
 */
final class RecurringPaymentFixture {

    /** A deadline as the tests name it: which one, when it fires, and what it carries. */
    record Deadline(String name, Instant at, Object payload) {

        static Deadline due(LocalDate occurrence) {
            return new Deadline(DeadlinePayloads.DUE, runAt(occurrence), new DueCheck(occurrence));
        }

        static Deadline retry(LocalDate occurrence, int attempt, Instant at) {
            return new Deadline(DeadlinePayloads.RETRY, at, new RetryCheck(occurrence, attempt));
        }

        static Deadline resume(LocalDate until, Instant at) {
            return new Deadline(DeadlinePayloads.RESUME, at, new ResumeCheck(until));
        }
    }

    final AggregateTestFixture<RecurringPayment> fixture;
    private final StubDeadlineManager deadlines;

    RecurringPaymentFixture() {
        this(TransferRules.AMOUNT_MINOR_MAX);
    }

    /** With the deployment's amount limit ({@code PAYLEDGER_MAX_AMOUNT_MINOR}) at {@code amountLimitMinor}. */
    RecurringPaymentFixture(long amountLimitMinor) {
        this(amountLimitMinor, new InMemoryScheduleQuota(ScheduleQuota.PER_OWNER_DEFAULT));
    }

    /** With {@code quota} counting the owners' running schedules ({@code PAYLEDGER_MAX_SCHEDULES_PER_OWNER}). */
    RecurringPaymentFixture(ScheduleQuota quota) {
        this(TransferRules.AMOUNT_MINOR_MAX, quota);
    }

    private RecurringPaymentFixture(long amountLimitMinor, ScheduleQuota quota) {
        fixture = new AggregateTestFixture<>(RecurringPayment.class);
        Clock clock = new FixtureClock(fixture::currentTime);
        fixture.registerInjectableResource(clock);
        deadlines = deadlineManagerOf(fixture);
        TestAccounts.Accounts accounts = TestAccounts.standard();
        fixture.registerAnnotatedCommandHandler(new RecurringPaymentCommandHandler(fixture.getRepository(),
                accounts.repository(), accounts.staleCopies(), deadlines, new AmountLimit(amountLimitMinor), quota,
                clock));
    }

    /**
     * A deadline the schedule set before the given events ended, as the durable deadline store hands it back; when
     * {@code deadline.at()} is before the fixture's current time it fires late, on the next time step.
     */
    void deadlineSetEarlier(Deadline deadline) {
        deadlines.schedule(deadline.at(), deadline.name(), deadline.payload(),
                new AggregateScopeDescriptor(RecurringPayment.class.getSimpleName(), ID.streamId()));
    }

    /** Every deadline still scheduled, in firing order. */
    List<Deadline> scheduledDeadlines() {
        return deadlines.getScheduledDeadlines().stream()
                .map(info -> new Deadline(info.getDeadlineName(), info.getScheduleTime(),
                        info.deadlineMessage().getPayload()))
                .toList();
    }

    /**
     * axon-test 4.13 has no getter for the fixture's {@link StubDeadlineManager}: it only injects it into handler
     * parameters. The command handler takes it in its constructor, so it is read from the fixture's field.
     */
    private static StubDeadlineManager deadlineManagerOf(AggregateTestFixture<?> fixture) {
        try {
            Field field = AggregateTestFixture.class.getDeclaredField("deadlineManager");
            field.setAccessible(true);
            return (StubDeadlineManager) field.get(fixture);
        } catch (ReflectiveOperationException changed) {
            throw new IllegalStateException("AggregateTestFixture no longer has field deadlineManager", changed);
        }
    }
}
