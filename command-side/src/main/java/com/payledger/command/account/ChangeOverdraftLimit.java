package com.payledger.command.account;

import java.util.Objects;

/**
 * Give a STANDARD account another overdraft limit: only the operator grants credit. The same limit again changes
 * nothing and is not an error.
 */
public record ChangeOverdraftLimit(AccountId accountId, long overdraftLimitMinor) {

    public ChangeOverdraftLimit {
        Objects.requireNonNull(accountId, "accountId");
        if (overdraftLimitMinor < 0) {
            throw new IllegalArgumentException("overdraftLimitMinor must not be negative");
        }
    }
}
