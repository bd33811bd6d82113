package com.payledger.command.transfer;

import com.payledger.command.account.AccountId;
import com.payledger.events.Money;
import java.util.Map;
import java.util.Objects;

/**
 * Move {@code amount} from {@code debitAccountId} to {@code creditAccountId}: both legs commit in one database
 * transaction or not at all. {@code transferId} is the idempotency key.
 */
public record PostTransfer(TransferId transferId, AccountId debitAccountId, AccountId creditAccountId, Money amount,
                           String description, Map<String, String> metadata) {

    public PostTransfer {
        Objects.requireNonNull(transferId, "transferId");
        Objects.requireNonNull(debitAccountId, "debitAccountId");
        Objects.requireNonNull(creditAccountId, "creditAccountId");
        Objects.requireNonNull(amount, "amount");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
