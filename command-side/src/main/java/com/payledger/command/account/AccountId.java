package com.payledger.command.account;

import com.payledger.events.IdFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** The id of an account stream. {@link #toString()} is the raw value, which Axon uses as the aggregate id. */
public record AccountId(String value) implements Comparable<AccountId> {

    /** Ids travel in URLs and logs: keep them short and free of characters that need escaping. */
    public static final Pattern FORMAT = IdFormat.CLIENT_ID.pattern();

    public AccountId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("account id must match " + FORMAT.pattern());
        }
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
