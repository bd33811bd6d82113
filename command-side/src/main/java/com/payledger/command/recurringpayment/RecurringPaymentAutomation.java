package com.payledger.command.recurringpayment;

import com.payledger.command.account.AccountId;
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
import org.springframework.stereotype.Component;

/**
 * Pays due occurrences: posts the occurrence's transfer, then tells the schedule how it went. It runs in a
 * tracking processor (one instance at a time holds its token) and is marked {@code @DisallowReplay}: an auditor's
 * replay of history must never move money.
 *
 * <p>Exactly once: the transfer id is derived from the schedule and the occurrence, so handling the same
 * {@link RecurringPaymentDue} again (after a crash, on another instance) posts nothing new and reports the same
 * outcome, which the schedule ignores the second time.
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

    private void onOwnThread(Object command) {
        try {
            CompletableFuture.supplyAsync(() -> commands.sendAndWait(command), dispatcher).join();
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
