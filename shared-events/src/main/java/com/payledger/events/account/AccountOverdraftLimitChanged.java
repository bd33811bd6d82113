package com.payledger.events.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account when the operator gives a STANDARD account another overdraft limit: credit granted, raised,
 * lowered or withdrawn. A limit lowered below what the account already owes refuses its further debits until it is
 * back within it; nothing already posted changes.
 *
 * @param accountId           the account
 * @param overdraftLimitMinor how far below zero the account may go from now on, in minor units of its currency
 * @param changedAt           when the ledger accepted the change (business time, no earlier than the account's last)
 */
@Revision("1")
public record AccountOverdraftLimitChanged(String accountId, long overdraftLimitMinor, Instant changedAt)
        implements AccountEvent {
}
