package com.payledger.events.recurringpayment;

import com.payledger.events.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Emitted by RecurringPayment when a client changes the amount: occurrences that become due from now on pay
 * {@code amount} (minor units); an occurrence already due keeps the amount it became due with, retries included.
 */
@Revision("1")
public record RecurringPaymentAmountChanged(String scheduleId, Money amount, Instant changedAt)
        implements RecurringPaymentEvent {
}
