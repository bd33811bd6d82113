package com.payledger.command.transfer;

import com.payledger.command.account.AccountId;
import java.util.Objects;

/** The client-chosen transfer id: the idempotency key of a transfer, unique forever. Same format as account ids. */
public record TransferId(String value) {

    public TransferId {
        Objects.requireNonNull(value, "value");
        if (!AccountId.FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("transfer id must match " + AccountId.FORMAT.pattern());
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
