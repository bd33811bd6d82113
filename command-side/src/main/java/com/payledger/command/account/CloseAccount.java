package com.payledger.command.account;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Close an account at a zero balance. Closing a closed account again changes nothing and is not an error.
 * {@code ifVersionIn}, from {@code If-Match}: closed only while the account is at one of these versions (null: at
 * any); one closed already answers as closed all the same.
 */
public record CloseAccount(AccountId accountId, @Nullable List<Long> ifVersionIn) {

    public CloseAccount {
        Objects.requireNonNull(accountId, "accountId");
        ifVersionIn = ifVersionIn == null ? null : List.copyOf(ifVersionIn);
    }

    /** Unconditional. */
    public CloseAccount(AccountId accountId) {
        this(accountId, null);
    }
}
