package com.payledger.command.recurringpayment;

import com.payledger.command.account.AccountId;
import java.util.Objects;

/**
 * A schedule's client-chosen id. Its event stream is {@link #streamId()}, {@code "schedule~" + id}: '~' is not
 * allowed in client ids, so no account can ever share the stream.
 */
public record ScheduleId(String value) {

    static final String STREAM_PREFIX = "schedule~";

    public ScheduleId {
        Objects.requireNonNull(value, "value");
        if (!AccountId.FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("schedule id must match " + AccountId.FORMAT.pattern());
        }
    }

    public String streamId() {
        return STREAM_PREFIX + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
