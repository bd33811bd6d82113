package com.payledger.query.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a projection's handlers write their rows: at once ({@link #immediate}); queued in the transaction that delivers
 * the events and sent in one round trip just before it commits (the writer the composition root gives the live read
 * models whose handlers allow it, which also carries the command's own event insert in that round trip); or queued
 * and sent to PostgreSQL as JDBC batches, or as one statement in a set-based form ({@link SetBased}), just before a
 * rebuild's transaction commits ({@link BatchedWriter}), so that a replay costs a few statements per thousand events
 * rather than one per event.
 *
 * <p>Only a projection whose handlers never read their own tables may have its writes queued: a read would not see
 * what is still queued. What a handler does when a statement changed no row (a redelivered event, or a bug) runs
 * once the statement has run, which for a queued statement is at the flush.
 */
public interface ReadModelWriter {

    /** Runs {@code sql} with {@code args}, or queues it; then {@code ifNoRowChanged} if it changed no row. */
    void update(String sql, Runnable ifNoRowChanged, Object... args);

    /**
     * As {@link #update(String, Runnable, Object...)}, for a statement that also has a set-based form: a rebuild's
     * writer sends a run of it in that form ({@link BatchedWriter}); every other writer runs it as it is.
     */
    default void update(SetBased together, String sql, Runnable ifNoRowChanged, Object... args) {
        update(sql, ifNoRowChanged, args);
    }

    /** Every statement runs at once. */
    static ReadModelWriter immediate(JdbcTemplate jdbc) {
        return (sql, ifNoRowChanged, args) -> {
            if (jdbc.update(sql, args) == 0) {
                ifNoRowChanged.run();
            }
        };
    }
}
