package com.payledger.query.audit.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The log's size after the appender's last commit in this JVM, to notice that PostgreSQL took commits back.
 *
 * <p>Why: the appender commits without waiting for the flush ({@link MerkleLogStore#becomeTheAppender}), so a crash
 * of PostgreSQL can take back its last batches, and their token with them, while the service lives on. The tracking
 * processor keeps its token in memory and would carry on from there: when its next batch found a working connection,
 * the events of the lost batches were never logged ({@code LostLogCommitsIT}; {@code PostgresCrashIT} met it when the
 * crash came while the appender was idle). A log found shorter than this appender left it can only be such a loss,
 * since leaves are never deleted: the batch fails, and the processor, retrying, reads its token back from the store
 * and delivers those events again. Another instance appending meanwhile only makes the log longer.
 *
 * <p>An idle ledger notices with its next event; until then nothing was shown of the lost leaves ({@link
 * DurableReads}), and nothing else is lost: the events are on disk.
 */
final class CommittedLogSize {

    private static final long UNKNOWN = -1;

    private final AtomicLong size = new AtomicLong(UNKNOWN);

    /** Fails when the stored log is shorter than this appender's last commit left it, and forgets that size. */
    void requireNothingLost(long storedSize) {
        long committed = size.get();
        if (storedSize < committed) {
            size.set(UNKNOWN);
            throw new IllegalStateException("the log holds " + storedSize + " leaves, but this appender's last commit "
                    + "left " + committed + ": PostgreSQL lost commits that did not wait for their flush (a crash); "
                    + "the processor starts again from its stored token");
        }
    }

    void committed(long newSize) {
        size.set(newSize);
    }

    /** After a failed batch the processor reads its token back from the store anyway. */
    void forget() {
        size.set(UNKNOWN);
    }
}
