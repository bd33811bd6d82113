package com.payledger.command.account;

import com.payledger.events.account.AccountType;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;

/**
 * Open an account. Idempotent on {@code accountId}: the same request again answers with the existing account and
 * records nothing; the same id with different opening data is rejected.
 *
 * @param overdraftLimitMinor how far below zero a STANDARD account may go, in minor units; 0 for EXTERNAL
 */
public record OpenAccount(AccountId accountId, String ownerId, Currency currency, AccountType type,
                          long overdraftLimitMinor, String name, Map<String, String> metadata) {

    public OpenAccount {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(type, "type");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (overdraftLimitMinor < 0) {
            throw new IllegalArgumentException("overdraftLimitMinor must not be negative");
        }
        if (type == AccountType.EXTERNAL && overdraftLimitMinor != 0) {
            throw new IllegalArgumentException("an EXTERNAL account has no lower bound, so no overdraft limit");
        }
    }
}
