package com.payledger.command.recurringpayment;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.recurringpayment.ScheduleCommands.ConfirmAttemptCurrent;
import com.payledger.command.recurringpayment.ScheduleCommands.RecordOccurrenceOutcome;
import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pays due occurrences: posts the occurrence's transfer, then tells the schedule how it went. It runs in a
 * tracking processor (one instance at a time holds its token) and is marked {@code @DisallowReplay}: an auditor's
 * replay of history must never move money.
 *
 * <p>Exactly once: the transfer id is derived from the schedule and the occurrence, so handling the same
 * {@link RecurringPaymentDue} again (after a crash, on another instance) posts nothing new and reports the same
 * outcome, which the schedule ignores the second time. Before posting, it asks the schedule whether it still waits
 * for that attempt ({@link ConfirmAttemptCurrent}), so a due event handled again after its occurrence was abandoned
 * moves no money the schedule would not record. What this leaves: a pause, cancel or suspension that abandons the
 * attempt in the milliseconds between that answer and the transfer.
 *
 * <p>The commands run on their own thread, outside the event processor's unit of work. Inside it they would join
 * the processor's transaction, and a rejected transfer would mark that whole transaction rollback-only.
 */
@Component
@ProcessingGroup(RecurringPaymentAutomation.PROCESSING_GROUP)
@DisallowReplay
class RecurringPaymentAutomation {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "automation-recurring-payments";

    private static final Logger LOG = LoggerFactory.getLogger(RecurringPaymentAutomation.class);

    private final CommandGateway commands;
    private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "recurring-payment-dispatch");
        thread.setDaemon(true);
        return thread;
    });

    RecurringPaymentAutomation(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void react(RecurringPaymentDue due) {
        ScheduleId scheduleId = new ScheduleId(due.scheduleId());
        // A due event handled again after its occurrence was abandoned (its token was not stored before a crash, or
        // another instance took the processor over) must not pay: the schedule would ignore the report.
        if (!Boolean.TRUE.equals(onOwnThread(new ConfirmAttemptCurrent(scheduleId, due.occurrence(),
                due.attempt())))) {
            LOG.info("Not paying {} occurrence {} attempt {}: the schedule no longer waits for that attempt",
                    due.scheduleId(), due.occurrence(), due.attempt());
            return;
        }
        PostTransfer payment = new PostTransfer(new TransferId(due.transferId()),
                new AccountId(due.debitAccountId()), new AccountId(due.creditAccountId()), due.amount(),
                due.description(), Map.of("scheduleId", due.scheduleId(), "occurrence", due.occurrence().toString()));
        RecordOccurrenceOutcome outcome;
        try {
            onOwnThread(payment);
            outcome = RecordOccurrenceOutcome.paid(scheduleId, due.occurrence(), due.attempt(), due.transferId());
        } catch (LedgerRejected rejected) {
            outcome = RecordOccurrenceOutcome.failed(scheduleId, due.occurrence(), due.attempt(),
                    rejected.rejection().name());
        }
        onOwnThread(outcome);
    }

    private Object onOwnThread(Object command) {
        try {
            return CompletableFuture.supplyAsync(() -> commands.sendAndWait(ActingOwner.asLedger(command)),
                    dispatcher).join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw failed;
        }
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        dispatcher.shutdown();
    }
}
