package com.payledger.command.rejection;

/**
 * Always-on assertions for states that correct code can never reach (Java's {@code assert} is off in production).
 * A failure is a bug, not a rejection: it aborts the unit of work so nothing is recorded.
 */
public final class Invariants {

    private Invariants() {
    }

    public static void check(boolean holds, String why) {
        if (!holds) {
            throw new IllegalStateException("invariant broken: " + why);
        }
    }
}
