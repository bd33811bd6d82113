package com.payledger.events.recurringpayment;

import com.payledger.events.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when a client creates a schedule: the first event of its stream.
 *
 * @param amount                minor units in the accounts' currency, paid per occurrence
 * @param description           optional text copied onto every transfer, may be null
 * @param catchUpWindow         with RUN_ALL, how far back missed occurrences are still paid
 * @param retryDelays           after the n-th failed attempt of an occurrence, wait retryDelays[n-1]; after the last,
 *                              the occurrence is abandoned
 * @param suspendAfterAbandoned this many abandoned occurrences in a row suspend the schedule
 * @param scheduledAt           when the ledger accepted the command
 */
@Revision("1")
public record RecurringPaymentScheduled(String scheduleId, String ownerId, String debitAccountId,
                                        String creditAccountId, Money amount, String description,
                                        Recurrence recurrence, CatchUpPolicy catchUpPolicy, Duration catchUpWindow,
                                        List<Duration> retryDelays, int suspendAfterAbandoned, Instant scheduledAt)
        implements RecurringPaymentEvent {

    public RecurringPaymentScheduled {
        Objects.requireNonNull(recurrence, "recurrence");
        retryDelays = List.copyOf(retryDelays);
    }
}
