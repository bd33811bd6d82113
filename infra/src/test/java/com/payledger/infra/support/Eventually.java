package com.payledger.infra.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for something asynchronous (a deadline firing, an automation paying) with a bounded timeout. */
public final class Eventually {

    private Eventually() {
    }

    /** Polls {@code probe} until {@code done} accepts its value or {@code timeout} passes, then returns the value. */
    public static <T> T await(Supplier<T> probe, java.util.function.Predicate<T> done, Duration timeout,
                              String what) {
        Instant deadline = Instant.now().plus(timeout);
        T value = probe.get();
        while (!done.test(value)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = probe.get();
        }
        return value;
    }
}
