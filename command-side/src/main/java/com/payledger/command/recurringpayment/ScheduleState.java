package com.payledger.command.recurringpayment;

import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

/**
 * What a schedule remembers, rebuilt from its events. The {@code evolve} methods only assign; every decision is
 * in {@link RecurringPayment}.
 */
abstract class ScheduleState {

    /**
     * An occurrence that became due and is neither paid nor abandoned yet; once an attempt failed, until the next
     * one starts, {@code awaitingRetry} with that failure's reason and the next attempt's time.
     */
    record OpenOccurrence(int attempt, boolean awaitingRetry, Money amount, String transferId, Instant runAt,
                          String failure, Instant nextRetryAt) {
    }

    /** The latest thing that happened to an occurrence, as clients see it. */
    record LastOutcome(LocalDate date, String status, String reason) {
    }

    @AggregateIdentifier
    protected String streamId;
    protected String scheduleId;
    protected String ownerId;
    protected String debitAccountId;
    protected String creditAccountId;
    protected String description;
    protected Money initialAmount;
    protected Money amount;
    protected Recurrence recurrence;
    protected CatchUpPolicy catchUpPolicy;
    protected Duration catchUpWindow;
    protected List<Duration> retryDelays;
    protected int suspendAfterAbandoned;
    protected ScheduleStatus status;
    protected LocalDate pausedUntil;
    protected LocalDate nextOccurrence;
    protected Instant nextRunAt;
    protected Integer remainingOccurrences;
    /** The latest occurrence date that is decided (became due or was missed). */
    protected LocalDate decidedThrough;
    /** Dates a client skipped: never paid, even when a resume moves the plan back before them. */
    protected final SortedSet<LocalDate> skippedDates = new TreeSet<>();
    protected final Map<LocalDate, OpenOccurrence> openOccurrences = new TreeMap<>();
    protected int consecutiveAbandoned;
    protected LastOutcome lastOutcome;
    private transient RecurrenceCalendar calendar;

    protected RecurrenceCalendar calendar() {
        if (calendar == null) {
            calendar = RecurrenceCalendar.of(recurrence);
        }
        return calendar;
    }

    /** The schedule as command answers show it; {@code version} comes from the repository's aggregate wrapper. */
    public ScheduleSnapshot snapshot(long version) {
        return new ScheduleSnapshot(scheduleId, ownerId, debitAccountId, creditAccountId, amount, description,
                recurrence, catchUpPolicy, catchUpWindow, retryDelays, suspendAfterAbandoned, status, pausedUntil,
                nextOccurrence, nextRunAt, remainingOccurrences,
                lastOutcome == null ? null : new ScheduleSnapshot.Outcome(lastOutcome.date(), lastOutcome.status(),
                        lastOutcome.reason()), pendingRetry(), version);
    }

    /** The earliest occurrence waiting for another attempt: later outcomes (a skip, a payment) do not hide it. */
    private ScheduleSnapshot.PendingRetry pendingRetry() {
        return openOccurrences.entrySet().stream().filter(entry -> entry.getValue().awaitingRetry()).findFirst()
                .map(entry -> new ScheduleSnapshot.PendingRetry(entry.getKey(), entry.getValue().attempt(),
                        entry.getValue().failure(), entry.getValue().nextRetryAt()))
                .orElse(null);
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentScheduled event) {
        streamId = ScheduleId.STREAM_PREFIX + event.scheduleId();
        scheduleId = event.scheduleId();
        ownerId = event.ownerId();
        debitAccountId = event.debitAccountId();
        creditAccountId = event.creditAccountId();
        description = event.description();
        initialAmount = event.amount();
        amount = event.amount();
        recurrence = event.recurrence();
        catchUpPolicy = event.catchUpPolicy();
        catchUpWindow = event.catchUpWindow();
        retryDelays = event.retryDelays();
        suspendAfterAbandoned = event.suspendAfterAbandoned();
        status = ScheduleStatus.ACTIVE;
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentNextRunPlanned event) {
        nextOccurrence = event.occurrence();
        nextRunAt = event.runAt();
        remainingOccurrences = event.remainingOccurrences();
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentPaused event) {
        status = ScheduleStatus.PAUSED;
        pausedUntil = event.until();
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentResumed event) {
        status = ScheduleStatus.ACTIVE;
        pausedUntil = null;
        consecutiveAbandoned = 0;
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentAmountChanged event) {
        amount = event.amount();
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentCancelled event) {
        status = ScheduleStatus.CANCELLED;
        pausedUntil = null;
        clearPlan();
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentOccurrenceSkipped event) {
        skippedDates.add(event.occurrence());
        lastOutcome = new LastOutcome(event.occurrence(), "SKIPPED", null);
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentOccurrenceMissed event) {
        decide(event.occurrence());
        lastOutcome = new LastOutcome(event.occurrence(), "MISSED", event.reason());
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentDue event) {
        decide(event.occurrence());
        openOccurrences.put(event.occurrence(), new OpenOccurrence(event.attempt(), false, event.amount(),
                event.transferId(), event.runAt(), null, null));
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentPaid event) {
        openOccurrences.remove(event.occurrence());
        consecutiveAbandoned = 0;
        lastOutcome = new LastOutcome(event.occurrence(), "PAID", null);
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentFailed event) {
        OpenOccurrence open = openOccurrences.get(event.occurrence());
        openOccurrences.put(event.occurrence(), new OpenOccurrence(open.attempt(), true, open.amount(),
                open.transferId(), open.runAt(), event.reason(), event.nextRetryAt()));
        lastOutcome = new LastOutcome(event.occurrence(), "FAILED", event.reason());
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentAbandoned event) {
        openOccurrences.remove(event.occurrence());
        if (event.counted()) {
            consecutiveAbandoned++;
        }
        lastOutcome = new LastOutcome(event.occurrence(), "ABANDONED", event.reason());
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentSuspended event) {
        status = ScheduleStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void evolve(RecurringPaymentCompleted event) {
        status = ScheduleStatus.COMPLETED;
        clearPlan();
    }

    private void decide(LocalDate occurrence) {
        if (decidedThrough == null || occurrence.isAfter(decidedThrough)) {
            decidedThrough = occurrence;
        }
    }

    private void clearPlan() {
        nextOccurrence = null;
        nextRunAt = null;
        remainingOccurrences = null;
    }
}
