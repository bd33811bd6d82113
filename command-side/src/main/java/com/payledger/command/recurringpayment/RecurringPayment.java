package com.payledger.command.recurringpayment;

import static com.payledger.command.rejection.Rejection.AMOUNT_MUST_BE_POSITIVE;
import static com.payledger.command.rejection.Rejection.AMOUNT_TOO_LARGE;
import static com.payledger.command.rejection.Rejection.ID_REUSED_WITH_DIFFERENT_PAYLOAD;
import static com.payledger.command.rejection.Rejection.NO_FUTURE_OCCURRENCE;
import static com.payledger.command.rejection.Rejection.OCCURRENCE_NOT_NEXT;
import static com.payledger.command.rejection.Rejection.PAUSE_END_MUST_BE_IN_THE_FUTURE;
import static com.payledger.command.rejection.Rejection.PRECONDITION_FAILED;
import static com.payledger.command.rejection.Rejection.SCHEDULE_CANCELLED;
import static com.payledger.command.rejection.Rejection.SCHEDULE_COMPLETED;
import static com.payledger.command.rejection.Rejection.SCHEDULE_SUSPENDED;
import static com.payledger.command.rejection.Rejection.require;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.payledger.command.recurringpayment.DeadlinePayloads.DueCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.ResumeCheck;
import com.payledger.command.recurringpayment.DeadlinePayloads.RetryCheck;
import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.RecordOccurrenceOutcome;
import com.payledger.command.transfer.TransferId;
import com.payledger.command.transfer.TransferRules;
import com.payledger.events.Money;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentAmountChanged;
import com.payledger.events.recurringpayment.RecurringPaymentCancelled;
import com.payledger.events.recurringpayment.RecurringPaymentCompleted;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import com.payledger.events.recurringpayment.RecurringPaymentFailed;
import com.payledger.events.recurringpayment.RecurringPaymentNextRunPlanned;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceMissed;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceSkipped;
import com.payledger.events.recurringpayment.RecurringPaymentPaid;
import com.payledger.events.recurringpayment.RecurringPaymentPaused;
import com.payledger.events.recurringpayment.RecurringPaymentResumed;
import com.payledger.events.recurringpayment.RecurringPaymentScheduled;
import com.payledger.events.recurringpayment.RecurringPaymentSuspended;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A recurring-payment schedule: decides which occurrence is due when, records what became of each, and keeps
 * exactly one "next run" deadline. It never moves money itself: {@link RecurringPaymentDue} asks the automation to
 * post the occurrence's transfer, whose id is derived from the occurrence, and the automation reports back with
 * {@link RecordOccurrenceOutcome}. State lives in {@link ScheduleState}; this class holds the decisions.
 *
 * <p>Deadlines are never cancelled. Axon's db-scheduler deadline manager cancels by reading every scheduled
 * deadline of every schedule, which does not scale; instead each deadline handler checks its payload against the
 * current plan and ignores a deadline the plan has moved past (after a pause, skip, resume or cancel).
 */
@Aggregate
public class RecurringPayment extends ScheduleState {

    RecurringPayment() {
        // Axon rebuilds state from events.
    }

    /** Records the creation. Axon applies a new aggregate's events only once it exists: see {@link #planFirstRun}. */
    static RecurringPayment create(CreateRecurringPayment command, Instant now) {
        require(RecurrenceCalendar.of(command.recurrence()).firstRunningFrom(null, now).isPresent(),
                NO_FUTURE_OCCURRENCE);
        RecurringPayment schedule = new RecurringPayment();
        apply(new RecurringPaymentScheduled(command.scheduleId().value(), command.ownerId(),
                command.debitAccountId().value(), command.creditAccountId().value(), command.amount(),
                command.description(), command.recurrence(), command.catchUpPolicy(), command.catchUpWindow(),
                command.retryDelays(), command.suspendAfterAbandoned(), now));
        return schedule;
    }

    /** Plans the first run of a schedule just created: occurrences before its creation are never paid. */
    /**
     * The same calendar, whatever the rule's spelling: the other fields are compared by value (P7D is PT168H), and a
     * client that rebuilt its request put the rule's parts in another order, or ended it with the ";" it may, and got
     * 409 on a retry of the same schedule.
     */
    private boolean sameRecurrence(Recurrence asked) {
        if (recurrence.equals(asked)) {
            return true;
        }
        if (!recurrence.startDate().equals(asked.startDate()) || !recurrence.timeOfDay().equals(asked.timeOfDay())
                || !recurrence.timeZone().equals(asked.timeZone())
                || recurrence.shortMonthPolicy() != asked.shortMonthPolicy()) {
            return false;
        }
        try {
            return RuleText.read(recurrence.rrule(), recurrence.shortMonthPolicy()).parts()
                    .equals(RuleText.read(asked.rrule(), asked.shortMonthPolicy()).parts());
        } catch (IllegalArgumentException unreadable) {
            return false;
        }
    }

    void planFirstRun(Instant now, DeadlineManager deadlines) {
        planRun(calendar().firstRunningFrom(null, now, skippedDates), deadlines);
    }

    void requireSameCreation(CreateRecurringPayment command) {
        boolean same = ownerId.equals(command.ownerId())
                && debitAccountId.equals(command.debitAccountId().value())
                && creditAccountId.equals(command.creditAccountId().value())
                && initialAmount.equals(command.amount())
                && Objects.equals(description, command.description())
                && sameRecurrence(command.recurrence())
                && catchUpPolicy == command.catchUpPolicy()
                && catchUpWindow.equals(command.catchUpWindow())
                && retryDelays.equals(command.retryDelays())
                && suspendAfterAbandoned == command.suspendAfterAbandoned();
        require(same, ID_REUSED_WITH_DIFFERENT_PAYLOAD);
    }

    void pause(LocalDate until, boolean preconditionHolds, Instant now, DeadlineManager deadlines) {
        boolean again = status == ScheduleStatus.PAUSED && Objects.equals(until, pausedUntil);
        require(preconditionHolds || again, PRECONDITION_FAILED);
        requireChangeable();
        require(status != ScheduleStatus.SUSPENDED, SCHEDULE_SUSPENDED);
        if (again) {
            return; // the same pause again is a retry
        }
        require(until == null || until.isAfter(calendar().dateAt(now)), PAUSE_END_MUST_BE_IN_THE_FUTURE);
        decideOverdueRuns(now, deadlines);
        requireChangeable();
        apply(new RecurringPaymentPaused(scheduleId, until, now));
        abandonRetries("SCHEDULE_PAUSED", now);
        if (until == null) {
            apply(new RecurringPaymentNextRunPlanned(scheduleId, null, null, null));
            return;
        }
        deadlines.schedule(calendar().startOf(until), DeadlinePayloads.RESUME, new ResumeCheck(until));
        Optional<Occurrence> afterPause = calendar().firstOnOrAfter(decidedThrough, until, skippedDates);
        apply(planned(afterPause));
    }

    void resume(boolean preconditionHolds, Instant now, DeadlineManager deadlines) {
        require(preconditionHolds || status == ScheduleStatus.ACTIVE, PRECONDITION_FAILED);
        requireChangeable();
        if (status == ScheduleStatus.ACTIVE) {
            return;
        }
        apply(new RecurringPaymentResumed(scheduleId, now));
        // Occurrences that fell into the pause or the suspension are passed over, not paid late.
        planRun(calendar().firstRunningFrom(decidedThrough, now, skippedDates), deadlines);
        completeIfDone(now);
    }

    /** {@code expected}: the occurrence the caller means to skip, or null for whichever is next. */
    void skipNext(LocalDate expected, boolean preconditionHolds, Instant now, DeadlineManager deadlines) {
        if (expected != null && skippedDates.contains(expected)) {
            // Skipping the same occurrence again is a retry, and answers as the first time did, even when that skip
            // completed the schedule (its last occurrence) or it was cancelled since.
            return;
        }
        require(preconditionHolds, PRECONDITION_FAILED);
        requireChangeable();
        // A suspended schedule plans nothing until resumed: NO_FUTURE_OCCURRENCE told its client to pause it instead.
        require(status != ScheduleStatus.SUSPENDED, SCHEDULE_SUSPENDED);
        require(nextOccurrence != null, NO_FUTURE_OCCURRENCE);
        require(expected == null || expected.equals(nextOccurrence), OCCURRENCE_NOT_NEXT);
        LocalDate skipped = nextOccurrence;
        apply(new RecurringPaymentOccurrenceSkipped(scheduleId, skipped, now));
        Optional<Occurrence> next = calendar().firstOnOrAfter(decidedThrough, skipped, skippedDates);
        if (status == ScheduleStatus.ACTIVE) {
            planRun(next, deadlines);
            completeIfDone(now);
        } else {
            apply(planned(next));
        }
    }

    /**
     * {@code newAmountRule}: the deployment's limit, checked only for an amount the schedule does not have yet, since
     * asking again for the amount it already has is a retry and the limit may have been lowered since.
     */
    void changeAmount(long amountMinor, boolean preconditionHolds, LongConsumer newAmountRule, Instant now,
                      DeadlineManager deadlines) {
        require(preconditionHolds || amount.amountMinor() == amountMinor, PRECONDITION_FAILED);
        requireChangeable();
        require(amountMinor > 0, AMOUNT_MUST_BE_POSITIVE);
        require(amountMinor <= TransferRules.AMOUNT_MINOR_MAX, AMOUNT_TOO_LARGE);
        Money newAmount = new Money(amountMinor, amount.currency());
        if (!newAmount.equals(amount)) {
            newAmountRule.accept(amountMinor);
            // The new amount is for the occurrences that become due from now on, not one whose time came already.
            decideOverdueRuns(now, deadlines);
            requireChangeable();
            apply(new RecurringPaymentAmountChanged(scheduleId, newAmount, now));
        }
    }

    void cancel(boolean preconditionHolds, Instant now, DeadlineManager deadlines) {
        if (status == ScheduleStatus.CANCELLED) {
            return; // cancelling twice is a retry
        }
        require(preconditionHolds, PRECONDITION_FAILED);
        require(status != ScheduleStatus.COMPLETED, SCHEDULE_COMPLETED);
        decideOverdueRuns(now, deadlines);
        require(status != ScheduleStatus.COMPLETED, SCHEDULE_COMPLETED);
        apply(new RecurringPaymentCancelled(scheduleId, now));
        abandonRetries("SCHEDULE_CANCELLED", now);
    }

    /** Whether {@link #recordOutcome} would record a payment of this attempt: the occurrence is open at it. */
    boolean wouldRecordPayment(LocalDate occurrence, int attempt) {
        OpenOccurrence open = openOccurrences.get(occurrence);
        return open != null && open.attempt() == attempt;
    }

    void recordOutcome(RecordOccurrenceOutcome outcome, Instant now, DeadlineManager deadlines) {
        OpenOccurrence open = openOccurrences.get(outcome.occurrence());
        // Already recorded: the automation may report an outcome more than once. A payment is the exception: a
        // redelivered attempt can succeed after the same attempt was recorded as failed (funds arrived between).
        boolean repeated = open != null && open.awaitingRetry() && !outcome.isPaid();
        if (open == null || open.attempt() != outcome.attempt() || repeated) {
            return;
        }
        if (outcome.isPaid()) {
            apply(new RecurringPaymentPaid(scheduleId, outcome.occurrence(), outcome.attempt(),
                    outcome.transferId(), now));
        } else if (status == ScheduleStatus.ACTIVE && outcome.attempt() <= retryDelays.size()) {
            Instant retryAt = now.plus(retryDelays.get(outcome.attempt() - 1));
            apply(new RecurringPaymentFailed(scheduleId, outcome.occurrence(), outcome.attempt(),
                    outcome.rejection(), retryAt, now));
            deadlines.schedule(retryAt, DeadlinePayloads.RETRY,
                    new RetryCheck(outcome.occurrence(), outcome.attempt() + 1));
        } else {
            boolean counted = status == ScheduleStatus.ACTIVE;
            apply(new RecurringPaymentAbandoned(scheduleId, outcome.occurrence(), outcome.attempt(),
                    outcome.rejection(), counted, now));
            // Suspended only with something left to pay: a schedule whose last occurrence was abandoned had ended
            // SUSPENDED, asking for a resume that could pay nothing, and went on counting against its owner's quota.
            boolean moreToPay = nextOccurrence != null || !openOccurrences.isEmpty();
            if (counted && consecutiveAbandoned >= suspendAfterAbandoned && moreToPay) {
                apply(new RecurringPaymentSuspended(scheduleId, consecutiveAbandoned, now));
                abandonRetries("SCHEDULE_SUSPENDED", now);
                apply(new RecurringPaymentNextRunPlanned(scheduleId, null, null, null));
            }
        }
        completeIfDone(now);
    }

    @DeadlineHandler(deadlineName = DeadlinePayloads.DUE)
    void onDue(DueCheck check, DeadlineManager deadlines, Clock clock) {
        if (status != ScheduleStatus.ACTIVE || !check.occurrence().equals(nextOccurrence)) {
            return; // stale: planned before a pause, skip or resume changed the plan
        }
        payDue(now(clock), deadlines);
    }

    /**
     * Before a pause, a cancellation or a new amount: the runs whose time came before it are decided as their deadline
     * would have (it fires up to a poll later, and much later after a crash or downtime). A pause a second after a run
     * time passed that occurrence over without paying or recording it, though it did not fall inside the pause. The
     * deadline, when it fires, finds the plan moved on and does nothing.
     */
    private void decideOverdueRuns(Instant now, DeadlineManager deadlines) {
        if (status == ScheduleStatus.ACTIVE && nextRunAt != null && !nextRunAt.isAfter(now)) {
            payDue(now, deadlines);
        }
    }

    /** Decides every occurrence from the planned one up to now, by the catch-up policy, and plans the next. */
    private void payDue(Instant now, DeadlineManager deadlines) {
        List<Occurrence> due = calendar().dueFrom(nextOccurrence, now).stream()
                .filter(occurrence -> !skippedDates.contains(occurrence.date())).toList();
        CatchUp.Decision decision = CatchUp.decide(due, catchUpPolicy, catchUpWindow, now);
        decision.toMiss().forEach(missed -> apply(new RecurringPaymentOccurrenceMissed(scheduleId,
                missed.occurrence().date(), missed.occurrence().runAt(), missed.reason(), now)));
        decision.toPay().forEach(occurrence -> apply(new RecurringPaymentDue(scheduleId, occurrence.date(), 1,
                TransferId.forOccurrence(scheduleId, occurrence.date()).value(), debitAccountId, creditAccountId,
                amount, description, occurrence.runAt())));
        planRun(calendar().firstRunningFrom(decidedThrough, now, skippedDates), deadlines);
        completeIfDone(now);
    }

    @DeadlineHandler(deadlineName = DeadlinePayloads.RETRY)
    void onRetry(RetryCheck check) {
        OpenOccurrence open = openOccurrences.get(check.occurrence());
        if (status != ScheduleStatus.ACTIVE || open == null || !open.awaitingRetry()
                || open.attempt() + 1 != check.attempt()) {
            return; // stale: paid, abandoned, or the schedule stopped meanwhile
        }
        apply(new RecurringPaymentDue(scheduleId, check.occurrence(), check.attempt(), open.transferId(),
                debitAccountId, creditAccountId, open.amount(), description, open.runAt()));
    }

    /**
     * The pause ends at the start of its {@code until} date, even when this fires later (the ledger was down):
     * runs from that moment on are then caught up by the schedule's policy, exactly as if it had been active.
     */
    @DeadlineHandler(deadlineName = DeadlinePayloads.RESUME)
    void onPauseEnded(ResumeCheck check, DeadlineManager deadlines, Clock clock) {
        if (status != ScheduleStatus.PAUSED || !check.until().equals(pausedUntil)) {
            return; // stale: resumed, paused again with another end, or cancelled meanwhile
        }
        Instant now = now(clock);
        Instant pauseEnd = calendar().startOf(check.until());
        apply(new RecurringPaymentResumed(scheduleId, now));
        Optional<Occurrence> next = calendar().firstRunningFrom(decidedThrough, pauseEnd, skippedDates);
        if (next.isPresent() && !next.get().runAt().isAfter(now)) {
            apply(planned(next));
            payDue(now, deadlines);
        } else {
            planRun(next, deadlines);
            completeIfDone(now);
        }
    }

    private void planRun(Optional<Occurrence> next, DeadlineManager deadlines) {
        apply(planned(next));
        next.ifPresent(occurrence ->
                deadlines.schedule(occurrence.runAt(), DeadlinePayloads.DUE, new DueCheck(occurrence.date())));
    }

    private RecurringPaymentNextRunPlanned planned(Optional<Occurrence> next) {
        return next.map(o -> new RecurringPaymentNextRunPlanned(scheduleId, o.date(), o.runAt(),
                        remainingFrom(o.date())))
                .orElseGet(() -> new RecurringPaymentNextRunPlanned(scheduleId, null, null, null));
    }

    /** Occurrences left from {@code date} on, skipped ones not counted; null for an unbounded rule. */
    private Integer remainingFrom(LocalDate date) {
        Integer all = calendar().remainingFrom(date);
        return all == null ? null : all - skippedDates.tailSet(date).size();
    }

    private void completeIfDone(Instant now) {
        if (status == ScheduleStatus.ACTIVE && nextOccurrence == null && openOccurrences.isEmpty()) {
            apply(new RecurringPaymentCompleted(scheduleId, now));
        }
    }

    private void abandonRetries(String reason, Instant now) {
        openOccurrences.entrySet().stream().filter(entry -> entry.getValue().awaitingRetry()).toList()
                .forEach(entry -> apply(new RecurringPaymentAbandoned(scheduleId, entry.getKey(),
                        entry.getValue().attempt(), reason, false, now)));
    }

    private void requireChangeable() {
        require(status != ScheduleStatus.CANCELLED, SCHEDULE_CANCELLED);
        require(status != ScheduleStatus.COMPLETED, SCHEDULE_COMPLETED);
    }

    private static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
