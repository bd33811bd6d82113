package com.payledger.query.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a rebuild: the shadow tables catch up with the log and take the live tables' place, holding the live
 * tables' exclusive lock for only that; the rows that differed between the two are counted after the lock is gone.
 *
 * <p>How the count stays exact while writers already use the new tables: the tables that were live move to the
 * rebuild's retired schema instead of being dropped, and the count runs in a repeatable-read transaction whose
 * snapshot is taken after the catch-up committed and before the swap did. Under the lock no writer can commit to
 * either side in between, so that snapshot shows both sides exactly as they were swapped, and nothing committed
 * since. The names it queries already lead to the swapped tables: PostgreSQL resolves names in the latest catalog,
 * not in a transaction's snapshot.
 *
 * <p>Every connection the swap needs is taken before the lock: writers waiting on the lock hold connections of the
 * same pool, and a swap waiting for one of theirs would wait for itself.
 *
 * <p>The lock on all the live tables is waited for at most {@link #LOCK_WAIT} in all: while an exclusive lock is
 * waited for, every new reader and writer of those tables queues behind it, so a long query holding them (a report
 * reading a whole table, say) must not stall the ledger. The swap then gives up with {@link LockNotAvailable},
 * leaving the live tables as they were, and may be tried again. Readers that hold them long and often, as an auditor
 * checking consistency in a loop does, pass a {@link SwapGate} that the swap closes first: it waits for them there,
 * where it holds up no one else. Once the live tables are locked, moving the shadows in may wait for the shadows'
 * own locks (an autovacuum, cancelled after PostgreSQL's {@code deadlock_timeout}) for at most
 * {@link #SHADOW_LOCK_WAIT}; a swap that gives up there has caught the shadows up, and a next try does so again.
 *
 * <p>Under the live tables' lock, before anything moves, the swap checks that the rebuild still holds the cluster's
 * rebuild lock ({@link ClusterRebuildLock}): one that lost it never swaps, whatever another instance does since.
 */
final class ShadowSwap {

    /** How long the swap waits for the live tables' lock, and so the longest it makes others queue behind it. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(1);
    /**
     * How long the swap waits for the readers inside the {@link SwapGate} to leave: only later readers at the gate
     * wait meanwhile, so it may be much longer than {@link #LOCK_WAIT}, as long as a consistency check's comparisons
     * on a large ledger. Beyond it the swap gives up as for a lock.
     */
    static final Duration GATE_WAIT = Duration.ofSeconds(60);
    /** How long moving a shadow table in may wait for its lock, with the live tables locked meanwhile. */
    static final Duration SHADOW_LOCK_WAIT = Duration.ofSeconds(5);
    /**
     * A bound on the catch-up's own lock waits: it must touch no live table, which the swap's other connection holds
     * locked, and PostgreSQL cannot see a wait between two connections of one thread as a deadlock.
     */
    static final Duration CATCH_UP_LOCK_WAIT = Duration.ofSeconds(10);
    /**
     * Why a lock was not had: waited beyond {@code lock_timeout} or {@code statement_timeout}, or a deadlock with a
     * writer that takes the same tables in another order (PostgreSQL then cancels one of the two).
     */
    private static final Set<String> LOCK_NOT_HAD = Set.of("55P03", "57014", "40P01");

    /**
     * How long writers waited on the live tables' lock, and what differed by projection; {@code countFailure} when
     * the swap was done but counting the differing rows failed, and {@code rowsThatDiffered} is then empty.
     */
    record Swapped(long lockedMillis, long comparedMillis, Map<String, Long> rowsThatDiffered, String countFailure) {
    }

    /** A table the swap needs stayed locked by others for too long; the live tables are as they were. */
    static final class LockNotAvailable extends RuntimeException {
        LockNotAvailable(SQLException cause) {
            this("another transaction held the read models' tables", cause);
        }

        LockNotAvailable(String why, SQLException cause) {
            super(why + " (" + cause.getSQLState() + ": " + cause.getMessage() + ")", cause);
        }

        LockNotAvailable(String why) {
            super(why);
        }
    }

    /** Brings the replay near the log's head again, in transactions of its own. */
    @FunctionalInterface
    interface NearHead {
        void run() throws InterruptedException;
    }

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String retiredSchema;
    private final int lockSessionPid;

    /**
     * {@code jdbc} and {@code transactions} on {@code dataSource}; {@code retiredSchema}, which must exist, receives
     * the live tables; {@code lockSessionPid} holds the cluster's rebuild lock for this rebuild.
     */
    ShadowSwap(DataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions, String retiredSchema,
               int lockSessionPid) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.retiredSchema = retiredSchema;
        this.lockSessionPid = lockSessionPid;
    }

    /**
     * {@code nearHead} runs once the gate is closed, before the tables are locked: writers went on while the swap
     * waited at the gate, and every event left to catch up under the lock holds them up. {@code catchUp} replays into
     * the shadows every event committed up to the log's head, in the transaction it is called in; it must not touch
     * the live tables, which another transaction holds locked by then.
     *
     * @throws LockNotAvailable when a table stayed locked by others for too long; the live tables are as they were
     */
    Swapped swap(List<ShadowProjection> shadows, NearHead nearHead, Runnable catchUp)
            throws SQLException, InterruptedException {
        try (Connection lockHolder = dataSource.getConnection(); Connection snapshot = dataSource.getConnection()) {
            lockHolder.setAutoCommit(false);
            snapshot.setAutoCommit(false);
            snapshot.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long lockedAt;
            try {
                // The gate closes on the lock's connection, whose transaction holds it to the end. It holds up only
                // the checks that come later, while writers go on: the replay then gets near the head again. A swap
                // of tables no check reads has no one to wait for there.
                execute(lockHolder, "set local lock_timeout = " + GATE_WAIT.toMillis());
                if (shadows.stream().anyMatch(ShadowProjection::readByConsistencyChecks)) {
                    closeGate(lockHolder);
                }
                nearHeadWithAConnection(nearHead);
                // The catch-up's own transaction, and so its connection, begins before the lock is taken.
                lockedAt = transactions.execute(status -> {
                    jdbc.execute("set local lock_timeout = " + CATCH_UP_LOCK_WAIT.toMillis());
                    // statement_timeout bounds the wait for all the tables together (lock_timeout: for each one).
                    execute(lockHolder, "set local statement_timeout = " + LOCK_WAIT.toMillis());
                    long at = System.nanoTime();
                    execute(lockHolder, "lock table " + shadows.stream().map(ShadowSwap::liveTables)
                            .collect(Collectors.joining(", ")) + " in access exclusive mode");
                    execute(lockHolder, "set local statement_timeout = 0");
                    execute(lockHolder, "set local lock_timeout = " + SHADOW_LOCK_WAIT.toMillis());
                    catchUp.run();
                    return at;
                });
                execute(snapshot, "select 1");
                requireClusterLockHeld(lockHolder);
                for (ShadowProjection shadow : shadows) {
                    for (String table : shadow.tables()) {
                        execute(lockHolder, "alter table " + RebuildableProjection.LIVE_SCHEMA + "." + table
                                + " set schema " + retiredSchema);
                        execute(lockHolder, "alter table " + shadow.schema() + "." + table + " set schema "
                                + RebuildableProjection.LIVE_SCHEMA);
                    }
                }
                lockHolder.commit();
            } catch (RuntimeException | SQLException | InterruptedException failure) {
                rollBack(failure, lockHolder, snapshot);
                throw failure;
            }
            long unlockedAt = System.nanoTime();
            Map<String, Long> differed = Map.of();
            String countFailure = null;
            try {
                differed = new DifferingRows(snapshot, retiredSchema).byProjection(shadows);
                snapshot.commit();
            } catch (SQLException failure) {
                // The rebuilt tables are live already: the rebuild is done, only its report is incomplete.
                rollBack(failure, snapshot);
                countFailure = "the rebuilt tables replaced the live ones, but counting the rows that differed "
                        + "failed: " + failure.getMessage();
            }
            return new Swapped((unlockedAt - lockedAt) / 1_000_000, (System.nanoTime() - unlockedAt) / 1_000_000,
                    differed, countFailure);
        }
    }

    /**
     * Checked under the live tables' lock: a rebuild that lost the cluster's lock would swap in tables that a rebuild
     * started since on another instance is about to swap again, or worse, tables it shares with that one.
     */
    private void requireClusterLockHeld(Connection lockHolder) throws SQLException {
        try (PreparedStatement held = lockHolder.prepareStatement(ClusterRebuildLock.HELD_BY_SESSION)) {
            held.setInt(1, lockSessionPid);
            try (ResultSet answer = held.executeQuery()) {
                if (!answer.next() || !answer.getBoolean(1)) {
                    throw new IllegalStateException("the rebuild lost the cluster's rebuild lock before its swap; "
                            + "the live tables are as they were");
                }
            }
        }
    }

    /** Rolls every connection back, whatever one of them throws; what they throw is added to {@code failure}. */
    private static void rollBack(Exception failure, Connection... connections) {
        for (Connection connection : connections) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailed) {
                failure.addSuppressed(rollbackFailed);
            }
        }
    }

    /**
     * Checks waiting at the gate hold pooled connections, and the replay needs one: on a small pool a hunt saw none
     * left, and the rebuild failed. Not having one is, like a lock, a reason to let go and try again later.
     */
    private static void nearHeadWithAConnection(NearHead nearHead) throws InterruptedException {
        try {
            nearHead.run();
        } catch (CannotCreateTransactionException | DataAccessResourceFailureException noConnection) {
            throw new LockNotAvailable("no pooled connection was free to catch up with while the gate was closed: "
                    + noConnection.getMessage());
        }
    }

    private static void closeGate(Connection lockHolder) {
        try (Statement statement = lockHolder.createStatement()) {
            statement.execute(SwapGate.CLOSE);
        } catch (SQLException failure) {
            if (LOCK_NOT_HAD.contains(failure.getSQLState())) {
                throw new LockNotAvailable("consistency checks compared the read models for longer than "
                        + GATE_WAIT.toSeconds() + " s", failure);
            }
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }

    private static String liveTables(ShadowProjection shadow) {
        return shadow.tables().stream().map(table -> RebuildableProjection.LIVE_SCHEMA + "." + table)
                .collect(Collectors.joining(", "));
    }

    private static void execute(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException failure) {
            if (LOCK_NOT_HAD.contains(failure.getSQLState())) {
                throw new LockNotAvailable(failure);
            }
            throw new IllegalStateException(failure.getMessage(), failure);
        }
    }
}
