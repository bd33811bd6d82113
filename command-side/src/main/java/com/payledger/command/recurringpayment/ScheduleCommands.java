package com.payledger.command.recurringpayment;

import com.payledger.command.account.AccountId;
import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The commands a recurring-payment schedule accepts. Shapes are checked at the HTTP edge before they exist.
 * {@code ifVersionIn}, from {@code If-Match}: a change is decided only while the schedule is at one of these versions
 * (null: at any), so that the late retry of a pause cannot pause again a schedule resumed since.
 */
public final class ScheduleCommands {

    private ScheduleCommands() {
    }

    /** Create a schedule. Idempotent on {@code scheduleId} like opening an account. */
    public record CreateRecurringPayment(ScheduleId scheduleId, String ownerId, AccountId debitAccountId,
                                         AccountId creditAccountId, Money amount, String description,
                                         Recurrence recurrence, CatchUpPolicy catchUpPolicy, Duration catchUpWindow,
                                         List<Duration> retryDelays, int suspendAfterAbandoned) {
        public CreateRecurringPayment {
            Objects.requireNonNull(scheduleId, "scheduleId");
            Objects.requireNonNull(recurrence, "recurrence");
            retryDelays = List.copyOf(retryDelays);
        }
    }

    /** Pause until resumed, or until the start of the local date {@code until} when it is set. */
    public record PauseRecurringPayment(ScheduleId scheduleId, LocalDate until, List<Long> ifVersionIn) {

        public PauseRecurringPayment(ScheduleId scheduleId, LocalDate until) {
            this(scheduleId, until, null);
        }
    }

    public record ResumeRecurringPayment(ScheduleId scheduleId, List<Long> ifVersionIn) {

        public ResumeRecurringPayment(ScheduleId scheduleId) {
            this(scheduleId, null);
        }
    }

    /**
     * Skip the next planned occurrence: it will never be paid. Without {@code occurrence} each call skips one more;
     * with it (the next occurrence as the caller saw it) a retry, or a request that crossed that occurrence's payment,
     * cannot skip the one after it instead.
     */
    public record SkipNextOccurrence(ScheduleId scheduleId, LocalDate occurrence, List<Long> ifVersionIn) {

        public SkipNextOccurrence(ScheduleId scheduleId, LocalDate occurrence) {
            this(scheduleId, occurrence, null);
        }

        /** Skips whatever occurrence is next when the command is handled. */
        public SkipNextOccurrence(ScheduleId scheduleId) {
            this(scheduleId, null, null);
        }
    }

    /** Pay {@code amountMinor} (in the schedule's currency) for every occurrence that becomes due from now on. */
    public record ChangeRecurringPaymentAmount(ScheduleId scheduleId, long amountMinor, List<Long> ifVersionIn) {

        public ChangeRecurringPaymentAmount(ScheduleId scheduleId, long amountMinor) {
            this(scheduleId, amountMinor, null);
        }
    }

    public record CancelRecurringPayment(ScheduleId scheduleId, List<Long> ifVersionIn) {

        public CancelRecurringPayment(ScheduleId scheduleId) {
            this(scheduleId, null);
        }
    }

    /**
     * Asked by the automation just before it posts an occurrence's transfer: whether a payment of that attempt would
     * still be recorded. A redelivered due attempt whose occurrence was abandoned since (its last retry failed, or a
     * pause, cancel or suspension dropped its retry) would otherwise move money that the schedule never records.
     * Answers a {@link Boolean}; records nothing.
     */
    public record ConfirmAttemptCurrent(ScheduleId scheduleId, LocalDate occurrence, int attempt) {
    }

    /**
     * Sent by the automation after it tried to pay an occurrence: {@code transferId} when the transfer was posted,
     * else {@code rejection}, the code the ledger gave. Recording the same outcome twice changes nothing.
     */
    public record RecordOccurrenceOutcome(ScheduleId scheduleId, LocalDate occurrence, int attempt, String transferId,
                                          String rejection) {
        public static RecordOccurrenceOutcome paid(ScheduleId id, LocalDate occurrence, int attempt,
                                                   String transferId) {
            return new RecordOccurrenceOutcome(id, occurrence, attempt, transferId, null);
        }

        public static RecordOccurrenceOutcome failed(ScheduleId id, LocalDate occurrence, int attempt,
                                                     String rejection) {
            return new RecordOccurrenceOutcome(id, occurrence, attempt, null, rejection);
        }

        boolean isPaid() {
            return transferId != null;
        }
    }
}
