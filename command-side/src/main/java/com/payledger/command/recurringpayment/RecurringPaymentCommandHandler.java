package com.payledger.command.recurringpayment;

import static com.payledger.command.rejection.Rejection.ACCOUNT_NOT_FOUND;
import static com.payledger.command.rejection.Rejection.SCHEDULE_NOT_FOUND;

import com.payledger.command.account.Account;
import com.payledger.command.account.AccountCommandHandler;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.AccountState;
import com.payledger.command.recurringpayment.ScheduleCommands.CancelRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.ChangeRecurringPaymentAmount;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.PauseRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.RecordOccurrenceOutcome;
import com.payledger.command.recurringpayment.ScheduleCommands.ResumeRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.SkipNextOccurrence;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.transfer.TransferRules;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Consumer;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/** Decides the schedule commands; every answer is the schedule as it stands afterwards. */
@Component
public class RecurringPaymentCommandHandler {

    private final Repository<RecurringPayment> schedules;
    private final Repository<Account> accounts;
    private final DeadlineManager deadlines;
    private final Clock clock;

    public RecurringPaymentCommandHandler(Repository<RecurringPayment> schedules, Repository<Account> accounts,
                                          DeadlineManager deadlines, Clock clock) {
        this.schedules = schedules;
        this.accounts = accounts;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    @CommandHandler
    public ScheduleSnapshot decide(CreateRecurringPayment command) throws Exception {
        TransferRules.checkRequest(command.amount(), command.debitAccountId(), command.creditAccountId());
        Optional<Aggregate<RecurringPayment>> existing = loadIfPresent(command.scheduleId());
        if (existing.isPresent()) {
            existing.get().execute(schedule -> schedule.requireSameCreation(command));
            return existing.get().invoke(ScheduleState::snapshot);
        }
        TransferRules.checkParties(command.amount(), account(command.debitAccountId()),
                account(command.creditAccountId()));
        Instant now = now();
        Aggregate<RecurringPayment> created = schedules.newInstance(() -> RecurringPayment.create(command, now));
        created.execute(schedule -> schedule.planFirstRun(now, deadlines));
        return created.invoke(ScheduleState::snapshot);
    }

    @CommandHandler
    public ScheduleSnapshot decide(PauseRecurringPayment command) {
        return change(command.scheduleId(), schedule -> schedule.pause(command.until(), now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(ResumeRecurringPayment command) {
        return change(command.scheduleId(), schedule -> schedule.resume(now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(SkipNextOccurrence command) {
        return change(command.scheduleId(), schedule -> schedule.skipNext(now(), deadlines));
    }

    @CommandHandler
    public ScheduleSnapshot decide(ChangeRecurringPaymentAmount command) {
        return change(command.scheduleId(), schedule -> schedule.changeAmount(command.amountMinor(), now()));
    }

    @CommandHandler
    public ScheduleSnapshot decide(CancelRecurringPayment command) {
        return change(command.scheduleId(), schedule -> schedule.cancel(now()));
    }

    @CommandHandler
    public ScheduleSnapshot decide(RecordOccurrenceOutcome command) {
        return change(command.scheduleId(), schedule -> schedule.recordOutcome(command, now(), deadlines));
    }

    private ScheduleSnapshot change(ScheduleId id, Consumer<RecurringPayment> decision) {
        Aggregate<RecurringPayment> schedule = loadIfPresent(id)
                .orElseThrow(() -> new LedgerRejected(SCHEDULE_NOT_FOUND));
        schedule.execute(decision);
        return schedule.invoke(ScheduleState::snapshot);
    }

    private Optional<Aggregate<RecurringPayment>> loadIfPresent(ScheduleId id) {
        try {
            return Optional.of(schedules.load(id.streamId()));
        } catch (AggregateNotFoundException notFound) {
            return Optional.empty();
        }
    }

    private AccountState account(AccountId id) {
        return AccountCommandHandler.loadIfPresent(accounts, id).map(AccountCommandHandler::stateOf)
                .orElseThrow(() -> new LedgerRejected(ACCOUNT_NOT_FOUND));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
