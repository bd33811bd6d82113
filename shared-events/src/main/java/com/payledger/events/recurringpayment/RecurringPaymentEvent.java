package com.payledger.events.recurringpayment;

/**
 * Every fact recorded on a recurring-payment schedule's stream. The stream's aggregate identifier is
 * {@code "schedule~" + scheduleId()}: '~' never appears in client ids, so a schedule can never share a stream with
 * an account.
 */
public sealed interface RecurringPaymentEvent permits RecurringPaymentScheduled, RecurringPaymentPaused,
        RecurringPaymentResumed, RecurringPaymentAmountChanged, RecurringPaymentCancelled,
        RecurringPaymentOccurrenceSkipped, RecurringPaymentOccurrenceMissed, RecurringPaymentDue,
        RecurringPaymentPaid, RecurringPaymentFailed, RecurringPaymentAbandoned, RecurringPaymentSuspended,
        RecurringPaymentCompleted, RecurringPaymentNextRunPlanned {

    String scheduleId();
}
