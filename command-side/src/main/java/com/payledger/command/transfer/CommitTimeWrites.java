package com.payledger.command.transfer;

/**
 * Writes of a command's transaction that need no answer before it commits: they are sent with the transaction's
 * last request, just before the commit, instead of on a round trip of their own (the composition root provides it,
 * with the event inserts and the read models' writes in the same request).
 */
public interface CommitTimeWrites {

    /**
     * Runs {@code sql} with {@code args} before the current transaction commits, at once outside one;
     * {@code ifNoRowChanged} runs when it changed no row, and may throw to roll the transaction back.
     */
    void update(String sql, Runnable ifNoRowChanged, Object... args);
}
