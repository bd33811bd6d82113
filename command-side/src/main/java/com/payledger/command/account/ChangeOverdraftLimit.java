package com.payledger.command.account;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Give a STANDARD account another overdraft limit: only the operator grants credit. The same limit again changes
 * nothing and is not an error. {@code ifVersionIn}, from {@code If-Match}: the change is made only while the account
 * is at one of these versions (null: at any); a change that finds the limit already as asked succeeds all the same,
 * since that is how the retry of one whose answer was lost finds it.
 */
public record ChangeOverdraftLimit(AccountId accountId, long overdraftLimitMinor, @Nullable List<Long> ifVersionIn) {

    public ChangeOverdraftLimit {
        Objects.requireNonNull(accountId, "accountId");
        if (overdraftLimitMinor < 0) {
            throw new IllegalArgumentException("overdraftLimitMinor must not be negative");
        }
        ifVersionIn = ifVersionIn == null ? null : List.copyOf(ifVersionIn);
    }

    /** Unconditional. */
    public ChangeOverdraftLimit(AccountId accountId, long overdraftLimitMinor) {
        this(accountId, overdraftLimitMinor, null);
    }
}
