package com.payledger.events.recurringpayment;

import com.payledger.events.Money;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when attempt {@code attempt} (1 for the first) of paying {@code occurrence} is due.
 * The recurring-payment automation reacts by posting transfer {@code transferId}, which is derived from the
 * schedule and the occurrence: however often this is handled, the occurrence is paid at most once.
 *
 * @param amount minor units, fixed for the occurrence when it first became due
 * @param runAt  when the occurrence was planned to run (retries keep it)
 */
@Revision("1")
public record RecurringPaymentDue(String scheduleId, LocalDate occurrence, int attempt, String transferId,
                                  String debitAccountId, String creditAccountId, Money amount, String description,
                                  Instant runAt) implements RecurringPaymentEvent {
}
