package com.payledger.command.account;

import java.util.Objects;

/** Close an account at a zero balance. Closing a closed account again changes nothing and is not an error. */
public record CloseAccount(AccountId accountId) {

    public CloseAccount {
        Objects.requireNonNull(accountId, "accountId");
    }
}
