package com.payledger.command.recurringpayment;

import com.payledger.command.account.AccountId;
import com.payledger.command.recurringpayment.ScheduleCommands.CreateRecurringPayment;
import com.payledger.command.recurringpayment.ScheduleCommands.RecordOccurrenceOutcome;
import com.payledger.events.Money;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.events.recurringpayment.RecurringPaymentAbandoned;
import com.payledger.events.recurringpayment.RecurringPaymentDue;
import com.payledger.events.recurringpayment.RecurringPaymentFailed;
import com.payledger.events.recurringpayment.RecurringPaymentNextRunPlanned;
import com.payledger.events.recurringpayment.RecurringPaymentOccurrenceMissed;
import com.payledger.events.recurringpayment.RecurringPaymentPaid;
import com.payledger.events.recurringpayment.RecurringPaymentScheduled;
import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * Factory helpers for the schedule tests: one daily rent schedule from alice to bob at 09:00 in Berlin, starting on
 * Monday 2027-01-04 and created the day before, with its commands and the events it records.
 */
final class ScheduleTestData {

    static final String SCHEDULE_ID = "rent";
    static final ScheduleId ID = new ScheduleId(SCHEDULE_ID);
    static final String OWNER_ID = "user-alice";
    static final String DEBIT_ACCOUNT_ID = "alice";
    static final String CREDIT_ACCOUNT_ID = "bob";
    /** Open, in USD. */
    static final String USD_ACCOUNT_ID = "carol";
    /** Closed, in EUR. */
    static final String CLOSED_ACCOUNT_ID = "dave";
    /** Closed, in EUR, and like alice's account owned by {@link #OWNER_ID}. */
    static final String OWNERS_CLOSED_ACCOUNT_ID = "alice-old";
    static final Currency EUR = Currency.getInstance("EUR");
    static final Money AMOUNT = eur(95_000);
    static final String DESCRIPTION = "Rent";
    static final String ZONE = "Europe/Berlin";
    static final LocalTime NINE = LocalTime.of(9, 0);
    static final LocalDate START = LocalDate.of(2027, 1, 4);
    static final Recurrence DAILY = new Recurrence("FREQ=DAILY", START, NINE, ZONE, ShortMonthPolicy.SKIP);
    static final Duration WINDOW = Duration.ofDays(7);
    /** Attempt 1 failing waits an hour, attempt 2 six hours; attempt 3 failing abandons the occurrence. */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofHours(1), Duration.ofHours(6));
    static final int SUSPEND_AFTER_ABANDONED = 3;
    static final String REJECTION = "EXCEEDS_AVAILABLE_BALANCE";
    /** Noon UTC on Sunday, the day before the first occurrence. */
    static final Instant CREATED_AT = Instant.parse("2027-01-03T12:00:00Z");

    private ScheduleTestData() {
    }

    static LocalDate day(int dayOfJanuary2027) {
        return LocalDate.of(2027, 1, dayOfJanuary2027);
    }

    /**
     * When {@code date} runs: 09:00 in Berlin is 08:00 UTC all winter (CET, UTC+1). Worked out by hand, not by the
     * calendar under test; only valid in winter time, 2026-11-01 to 2027-03-27.
     */
    static Instant runAt(LocalDate date) {
        return date.atTime(8, 0).toInstant(ZoneOffset.UTC);
    }

    static Money eur(long amountMinor) {
        return new Money(amountMinor, EUR);
    }

    static String transferId(LocalDate occurrence) {
        return "sched~" + SCHEDULE_ID + "~" + occurrence;
    }

    /** The typical schedule's creation, to change one field at a time. */
    static Creation creation() {
        return new Creation();
    }

    static CreateRecurringPayment create() {
        return creation().command();
    }

    static CreateRecurringPayment create(Recurrence recurrence) {
        return creation().recurrence(recurrence).command();
    }

    static CreateRecurringPayment create(CatchUpPolicy catchUpPolicy, Duration catchUpWindow) {
        return creation().catchUp(catchUpPolicy, catchUpWindow).command();
    }

    /** The daily schedule with {@code rrule} instead, e.g. to bound it with COUNT. */
    static Recurrence daily(String rrule) {
        return new Recurrence(rrule, START, NINE, ZONE, ShortMonthPolicy.SKIP);
    }

    static RecordOccurrenceOutcome paidOutcome(LocalDate occurrence, int attempt) {
        return RecordOccurrenceOutcome.paid(ID, occurrence, attempt, transferId(occurrence));
    }

    static RecordOccurrenceOutcome failedOutcome(LocalDate occurrence, int attempt) {
        return RecordOccurrenceOutcome.failed(ID, occurrence, attempt, REJECTION);
    }

    /** What {@code command} records when accepted at {@link #CREATED_AT}. */
    static RecurringPaymentScheduled scheduled(CreateRecurringPayment command) {
        return scheduled(command, CREATED_AT);
    }

    static RecurringPaymentScheduled scheduled(CreateRecurringPayment command, Instant scheduledAt) {
        return new RecurringPaymentScheduled(SCHEDULE_ID, command.ownerId(), command.debitAccountId().value(),
                command.creditAccountId().value(), command.amount(), command.description(), command.recurrence(),
                command.catchUpPolicy(), command.catchUpWindow(), command.retryDelays(),
                command.suspendAfterAbandoned(), scheduledAt);
    }

    static RecurringPaymentScheduled scheduled() {
        return scheduled(create());
    }

    static RecurringPaymentNextRunPlanned planned(LocalDate occurrence) {
        return new RecurringPaymentNextRunPlanned(SCHEDULE_ID, occurrence, runAt(occurrence), null);
    }

    static RecurringPaymentNextRunPlanned planned(LocalDate occurrence, int remainingOccurrences) {
        return new RecurringPaymentNextRunPlanned(SCHEDULE_ID, occurrence, runAt(occurrence), remainingOccurrences);
    }

    static RecurringPaymentNextRunPlanned nothingPlanned() {
        return new RecurringPaymentNextRunPlanned(SCHEDULE_ID, null, null, null);
    }

    static RecurringPaymentDue due(LocalDate occurrence) {
        return due(occurrence, 1, AMOUNT);
    }

    static RecurringPaymentDue due(LocalDate occurrence, int attempt, Money amount) {
        return new RecurringPaymentDue(SCHEDULE_ID, occurrence, attempt, transferId(occurrence), DEBIT_ACCOUNT_ID,
                CREDIT_ACCOUNT_ID, amount, DESCRIPTION, runAt(occurrence));
    }

    static RecurringPaymentPaid paid(LocalDate occurrence, int attempt, Instant paidAt) {
        return new RecurringPaymentPaid(SCHEDULE_ID, occurrence, attempt, transferId(occurrence), paidAt);
    }

    /** Attempt {@code attempt} failed at {@code failedAt}; the next attempt follows after its retry delay. */
    static RecurringPaymentFailed failed(LocalDate occurrence, int attempt, Instant failedAt) {
        return new RecurringPaymentFailed(SCHEDULE_ID, occurrence, attempt, REJECTION,
                failedAt.plus(RETRY_DELAYS.get(attempt - 1)), failedAt);
    }

    static RecurringPaymentAbandoned abandoned(LocalDate occurrence, int attempts, String reason, boolean counted,
                                               Instant abandonedAt) {
        return new RecurringPaymentAbandoned(SCHEDULE_ID, occurrence, attempts, reason, counted, abandonedAt);
    }

    static RecurringPaymentOccurrenceMissed missed(LocalDate occurrence, String reason, Instant recordedAt) {
        return new RecurringPaymentOccurrenceMissed(SCHEDULE_ID, occurrence, runAt(occurrence), reason, recordedAt);
    }

    /** An occurrence that became due and failed every attempt; each retry ran on time. */
    static List<Object> abandonedAfterAllAttempts(LocalDate occurrence) {
        Instant firstFailure = runAt(occurrence).plusSeconds(1);
        Instant secondFailure = firstFailure.plus(RETRY_DELAYS.get(0));
        Instant lastFailure = secondFailure.plus(RETRY_DELAYS.get(1));
        return List.of(due(occurrence), failed(occurrence, 1, firstFailure), due(occurrence, 2, AMOUNT),
                failed(occurrence, 2, secondFailure), due(occurrence, 3, AMOUNT),
                abandoned(occurrence, 3, REJECTION, true, lastFailure));
    }

    /** Every element of {@code parts}, flattened: single events and lists of events. */
    static List<Object> history(Object... parts) {
        List<Object> events = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                events.addAll(list);
            } else {
                events.add(part);
            }
        }
        return events;
    }

    /** A {@link CreateRecurringPayment} for the typical schedule with some fields changed. */
    static final class Creation {

        private ScheduleId id = ID;
        private String ownerId = OWNER_ID;
        private String debitAccountId = DEBIT_ACCOUNT_ID;
        private String creditAccountId = CREDIT_ACCOUNT_ID;
        private Money amount = AMOUNT;
        private String description = DESCRIPTION;
        private Recurrence recurrence = DAILY;
        private CatchUpPolicy catchUpPolicy = CatchUpPolicy.RUN_ALL;
        private Duration catchUpWindow = WINDOW;
        private List<Duration> retryDelays = RETRY_DELAYS;
        private int suspendAfterAbandoned = SUSPEND_AFTER_ABANDONED;

        Creation id(String value) {
            id = new ScheduleId(value);
            return this;
        }

        Creation ownerId(String value) {
            ownerId = value;
            return this;
        }

        Creation debit(String accountId) {
            debitAccountId = accountId;
            return this;
        }

        Creation credit(String accountId) {
            creditAccountId = accountId;
            return this;
        }

        Creation amount(Money value) {
            amount = value;
            return this;
        }

        Creation description(String value) {
            description = value;
            return this;
        }

        Creation recurrence(Recurrence value) {
            recurrence = value;
            return this;
        }

        Creation catchUp(CatchUpPolicy policy, Duration window) {
            catchUpPolicy = policy;
            catchUpWindow = window;
            return this;
        }

        Creation retryDelays(List<Duration> value) {
            retryDelays = value;
            return this;
        }

        Creation suspendAfterAbandoned(int value) {
            suspendAfterAbandoned = value;
            return this;
        }

        CreateRecurringPayment command() {
            return new CreateRecurringPayment(id, ownerId, new AccountId(debitAccountId),
                    new AccountId(creditAccountId), amount, description, recurrence, catchUpPolicy, catchUpWindow,
                    retryDelays, suspendAfterAbandoned);
        }
    }
}
