package com.payledger.query.audit.log;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Holds back an answer about the verifiable log until everything it read is on disk.
 *
 * <p>Why that is needed: the log appender commits without waiting for PostgreSQL to flush its write-ahead log
 * ({@link MerkleLogStore#becomeTheAppender}). A crash of PostgreSQL can therefore take back its last batches, and
 * the appender then appends their events again from its token, which came back with them. The positions can come
 * out different: an event that committed late, and was delivered after a newer one, now comes first. Nobody may have
 * seen the positions that were lost, so every answer about the log goes through {@link #flushed}: positions, leaf
 * hashes, sizes, roots, proofs, and the signed checkpoints too (they are stored after the leaves they cover, so once
 * a checkpoint is on disk, so is every leaf below its size, whatever the server's default for synchronous commits).
 *
 * <p>How: any commit the read saw was written to the log before the read ended, so it lies below the insert
 * position read afterwards. If the flush position has not reached it, a synchronous commit of a write (the one row of
 * {@code audit.read_fence}) flushes up to itself, past all of it. A transaction id alone would not do: PostgreSQL
 * commits a transaction that wrote no WAL without waiting for a flush. With synchronous standbys the flush position
 * says nothing about them, so then every answer takes the fence, whose commit waits for them as any commit does.
 * Idle, the statement usually writes nothing; while transfers commit, the flush is always a little behind, and it
 * writes the row and waits for a flush. Concurrent fences take turns on the row; spreading them over 16 rows, so
 * that they commit together, gave nothing measurable with up to 16 auditors (README, levers).
 */
@Component
public class DurableReads {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    DurableReads(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        // Its own transaction even inside another one: the fence is its commit, which must happen now.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * The check and the fence in one statement, in a transaction of its own: the update, and so a write-ahead log
     * record and a flush at commit, happens only when the flush position is behind or standbys are configured. As a
     * check followed by a separate fence transaction it took four round trips under load, where a loaded server
     * answers each slowly.
     */
    private static final String FENCE = """
            with fence as (
                update audit.read_fence set fenced_at = now()
                 where (current_setting('synchronous_standby_names') <> ''
                        or pg_current_wal_flush_lsn() < pg_current_wal_insert_lsn())
                   -- synchronous whatever the server's default: a commit not waiting for its flush fences nothing
                   and set_config('synchronous_commit', 'on', true) is not null
                returning true)
            select exists (select from audit.read_fence)""";

    /** Returns {@code answer}, read before this call, once all it can show is on disk. */
    public <T> T flushed(T answer) {
        // Outside a transaction the statement commits on its own (one round trip); inside one, it must not wait
        // for that transaction's commit.
        Boolean rowKept = TransactionSynchronizationManager.isActualTransactionActive()
                ? ownTransaction.execute(status -> fence())
                : fence();
        if (!Boolean.TRUE.equals(rowKept)) {
            throw new IllegalStateException("audit.read_fence has lost its row: no answer about the log can be made "
                    + "durable");
        }
        return answer;
    }

    private Boolean fence() {
        return jdbc.queryForObject(FENCE, Boolean.class);
    }
}
