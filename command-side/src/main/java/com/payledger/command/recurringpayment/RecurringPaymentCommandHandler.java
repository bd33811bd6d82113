package com.payledger.command.recurringpayment;

import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.FOREIGN_OWNER;
import static com.payledger.command.rejection.Rejection.SCHEDULE_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.require;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.account.StaleCopyCheck;
import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.ConfirmAttemptCurrent;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.RecordOccurrenceOutcome;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.transfer.AmountLimit;
import com.payledger.command.transfer.TransferRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Decides the schedule commands; every answer is the schedule as it stands afterwards. */
@Component
public class RecurringPaymentCommandHandler {

    private final Repository<RecurringPayment> schedules;
    private final Repository<Account> accounts;
    private final DeadlineManager deadlines;
    private final AmountLimit amountLimit;
    private final ScheduleQuota quota;
    private final StaleCopyCheck staleCopies;
    private final Clock clock;

    public RecurringPaymentCommandHandler(Repository<RecurringPayment> schedules, Repository<Account> accounts,
                                          StaleCopyCheck staleCopies, DeadlineManager deadlines,
                                          AmountLimit amountLimit, ScheduleQuota quota, Clock clock) {
        this.schedules = schedules;
        this.accounts = accounts;
        this.staleCopies = staleCopies;
        this.deadlines = deadlines;
        this.amountLimit = amountLimit;
        this.quota = quota;
        this.clock = clock;
    }

    @CommandHandler
    public ScheduleSnapshot decide(CreateRecurringPayment command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) throws Exception {
        require(ActingOwner.mayActOn(actingOwnerId, command.ownerId()), FOREIGN_OWNER);
        TransferRules.checkRequest(command.amount(), command.debitAccountId(), command.creditAccountId());
        Optional<Aggregate<RecurringPayment>> existing = loadIfPresent(command.scheduleId());
        if (existing.isPresent()) {
            existing.get().execute(schedule -> schedule.requireSameCreation(command));
            return snapshotOf(existing.get());
        }
        amountLimit.check(command.amount().amountMinor(), actingOwnerId);
        // Loaded in id order, as a transfer loads them: the account locks are then always taken in one order.
        boolean debitFirst = command.debitAccountId().compareTo(command.creditAccountId()) < 0;
        Aggregate<Account> first = account(debitFirst ? command.debitAccountId() : command.creditAccountId());
        Aggregate<Account> second = account(debitFirst ? command.creditAccountId() : command.debitAccountId());
        Aggregate<Account> debitAccount = debitFirst ? first : second;
        Aggregate<Account> creditAccount = debitFirst ? second : first;
        // A creation writes nothing to its accounts, so no conflict would catch a cached copy that another instance
        // moved past: an account closed there was still open here, and the schedule's every payment failed.
        staleCopies.requireCurrent(debitAccount);
        staleCopies.requireCurrent(creditAccount);
        // The schedule will debit this account for its owner: it must be the owner's own.
        AccountState debit = AccountCommandHandler.stateOf(debitAccount);
        require(debit.ownerId().equals(command.ownerId()), ACCOUNT_NOT_FOUND);
        TransferRules.checkParties(command.amount(), debit, AccountCommandHandler.stateOf(creditAccount));
        quota.admit(command.ownerId(), command.scheduleId());
        Instant now = now();
        Aggregate<RecurringPayment> created = schedules.newInstance(() -> RecurringPayment.create(command, now));
        created.execute(schedule -> schedule.planFirstRun(now, deadlines));
        return snapshotOf(created);
    }

    @CommandHandler
    public ScheduleSnapshot decide(PauseRecurringPayment command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        return change(command.scheduleId(), actingOwnerId, command.ifVersionIn(),
                (schedule, holds) -> schedule.pause(command.until(), holds, now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(ResumeRecurringPayment command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        return change(command.scheduleId(), actingOwnerId, command.ifVersionIn(),
                (schedule, holds) -> schedule.resume(holds, now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(SkipNextOccurrence command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        return change(command.scheduleId(), actingOwnerId, command.ifVersionIn(),
                (schedule, holds) -> schedule.skipNext(command.occurrence(), holds, now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(ChangeRecurringPaymentAmount command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        return change(command.scheduleId(), actingOwnerId, command.ifVersionIn(),
                (schedule, holds) -> schedule.changeAmount(command.amountMinor(), holds,
                        amount -> amountLimit.check(amount, actingOwnerId), now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(CancelRecurringPayment command,
                                   @MetaDataValue(ActingOwner.METADATA_KEY) String actingOwnerId) {
        return change(command.scheduleId(), actingOwnerId, command.ifVersionIn(),
                (schedule, holds) -> schedule.cancel(holds, now(), deadlines));
    }

    @CommandHandler
    public Boolean decide(ConfirmAttemptCurrent command) {
        return loadIfPresent(command.scheduleId())
                .map(schedule -> schedule.invoke(state -> state.wouldRecordPayment(command.occurrence(),
                        command.attempt())))
                .orElse(false);
    }

    @CommandHandler
    public ScheduleSnapshot decide(RecordOccurrenceOutcome command) {
        return change(command.scheduleId(), null, null,
                (schedule, holds) -> schedule.recordOutcome(command, now(), deadlines));
    }

    /** A change of a schedule, told whether the schedule is at a version the caller's If-Match named. */
    @FunctionalInterface
    private interface Decision {
        void decide(RecurringPayment schedule, boolean preconditionHolds);
    }

    /**
     * Applies {@code decision} to the schedule; another owner's schedule is as absent as a missing one. With
     * {@code ifVersionIn} the change is made only while the schedule is at one of those versions, but one that
     * appears applied already answers as it did the first time (RFC 9110 allows it): the retry of a change whose
     * answer was lost, as the account's limit and close do. Either answer, the refusal or "applied", stands only once
     * the copy it was decided on proved current (an instance's cached copy may be behind the version its caller read).
     */
    private ScheduleSnapshot change(ScheduleId id, String actingOwnerId, @Nullable List<Long> ifVersionIn,
                                    Decision decision) {
        Aggregate<RecurringPayment> schedule = loadIfPresent(id)
                .filter(found -> ActingOwner.mayActOn(actingOwnerId, found.invoke(state -> state.ownerId)))
                .orElseThrow(() -> new LedgerRejected(SCHEDULE_NOT_FOUND));
        boolean preconditionHolds = ifVersionIn == null || ifVersionIn.contains(versionOf(schedule));
        if (!preconditionHolds) {
            staleCopies.requireCurrent(schedule);
        }
        schedule.execute(state -> decision.decide(state, preconditionHolds));
        return snapshotOf(schedule);
    }

    private static ScheduleSnapshot snapshotOf(Aggregate<RecurringPayment> schedule) {
        long version = versionOf(schedule);
        return schedule.invoke(state -> state.snapshot(version));
    }

    private static long versionOf(Aggregate<?> aggregate) {
        return aggregate.version() == null ? 0 : aggregate.version();
    }

    private Optional<Aggregate<RecurringPayment>> loadIfPresent(ScheduleId id) {
        try {
            return Optional.of(schedules.load(id.streamId()));
        } catch (AggregateNotFoundException notFound) {
            return Optional.empty();
        }
    }

    private Aggregate<Account> account(AccountId id) {
        return AccountCommandHandler.loadIfPresent(accounts, id)
                .orElseThrow(() -> new LedgerRejected(ACCOUNT_NOT_FOUND));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
