package com.payledger.query.rebuild;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rebuild of the whole cluster: a PostgreSQL advisory lock held by a session of its own for the rebuild's
 * whole run. Every rebuild swaps what it built into the same live tables: two at once, on two instances, swapped
 * one's half-built tables in. The lock is the session's, so an instance that dies releases it with its connection.
 *
 * <p>A session can also end while its instance lives on (an administrator's {@code pg_terminate_backend}, an
 * {@code idle_session_timeout}, a network cut), and with it the lock, which another instance may then take. So the
 * session is asked every {@link #HEARTBEAT} whether it still holds the lock, which also keeps it from looking idle;
 * the rebuild stops at its next batch once it does not ({@link #requireHeld}), and the swap itself checks under the
 * live tables' lock that this session holds it ({@link #HELD_BY_SESSION}), so a rebuild that lost it never swaps.
 */
final class ClusterRebuildLock {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final String KEY = "hashtext('payledger: projection rebuild')";
    /** With the session's backend pid as parameter: whether it holds the lock. */
    static final String HELD_BY_SESSION = "select " + heldBy("?");
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRebuildLock.class);

    private final Connection session;
    private final int sessionPid;
    private final ScheduledExecutorService heartbeat;
    /** Why the lock is no longer held; null while it is. */
    private volatile String lost;
    private boolean released;

    private ClusterRebuildLock(Connection session, int sessionPid) {
        this.session = session;
        this.sessionPid = sessionPid;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-rebuild-lock");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::checkHeld, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The lock, or empty when another session (another instance's rebuild) holds it. */
    static Optional<ClusterRebuildLock> tryTake(DataSource dataSource) {
        Connection session = null;
        try {
            session = dataSource.getConnection();
            session.setAutoCommit(true);
            try (Statement sql = session.createStatement();
                 ResultSet locked = sql.executeQuery("select pg_try_advisory_lock(" + KEY + "), pg_backend_pid()")) {
                if (locked.next() && locked.getBoolean(1)) {
                    return Optional.of(new ClusterRebuildLock(session, locked.getInt(2)));
                }
            }
            session.close();
            return Optional.empty();
        } catch (SQLException failure) {
            closeQuietly(session);
            throw new IllegalStateException("could not take the rebuild lock", failure);
        }
    }

    /**
     * An SQL condition: whether the session {@code pid} (an SQL expression) holds this lock. This lock, not any
     * advisory lock: the pid of a session that ended may be taken by another, and the sessions of the pool, which the
     * lock's session returns to, take advisory locks of their own (the audit log's writer, each owner's schedules).
     * PostgreSQL shows a lock on a bigint key as its two halves, and {@code objsubid} 1.
     */
    static String heldBy(String pid) {
        return "exists (select from pg_locks where locktype = 'advisory' and granted and pid = " + pid
                + " and objsubid = 1 and (classid::bigint << 32 | objid::bigint) = " + KEY + "::bigint)";
    }

    /** The database session holding the lock, as {@code pg_locks} and {@code pg_stat_activity} name it. */
    int sessionPid() {
        return sessionPid;
    }

    /** @throws IllegalStateException once the lock was seen lost: another instance may be rebuilding by now */
    void requireHeld() {
        String why = lost;
        if (why != null) {
            throw new IllegalStateException("the rebuild lost the cluster's rebuild lock (" + why + "); another "
                    + "instance may have started a rebuild since, so this one stops without swapping");
        }
    }

    private synchronized void checkHeld() {
        if (lost != null || released) {
            return;
        }
        try (Statement sql = session.createStatement();
             ResultSet held = sql.executeQuery(HELD_BY_SESSION.replace("?", "pg_backend_pid()"))) {
            if (!held.next() || !held.getBoolean(1)) {
                lose("its session no longer holds it");
            }
        } catch (SQLException failure) {
            lose("its session failed: " + failure.getMessage());
        }
    }

    private void lose(String why) {
        lost = why;
        LOG.error("Rebuild: lost the cluster's rebuild lock: {}", why);
        heartbeat.shutdown();
    }

    synchronized void release() {
        released = true;
        heartbeat.shutdownNow();
        try (Statement sql = session.createStatement()) {
            sql.execute("select pg_advisory_unlock(" + KEY + ")");
            session.close();
        } catch (SQLException failure) {
            // A pooled connection that still held the lock would keep every later rebuild out: end the session.
            LOG.warn("Rebuild: could not release the rebuild lock; closing its session", failure);
            try {
                session.abort(Runnable::run);
            } catch (SQLException ignored) {
                closeQuietly(session);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to release
            }
        }
    }
}
