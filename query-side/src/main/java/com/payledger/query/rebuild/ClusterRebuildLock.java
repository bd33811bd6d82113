package com.payledger.query.rebuild;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rebuild of the whole cluster: a PostgreSQL advisory lock held by a session of its own for the rebuild's
 * whole run. Every rebuild works in the same schemas and swaps whatever it finds there into the live tables: two at
 * once, on two instances, swapped one's half-built tables in and dropped the other's. The lock is the session's, so
 * an instance that dies releases it with its connection.
 */
final class ClusterRebuildLock {

    private static final String KEY = "hashtext('payledger: projection rebuild')";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRebuildLock.class);

    private final Connection session;

    private ClusterRebuildLock(Connection session) {
        this.session = session;
    }

    /** The lock, or empty when another session (another instance's rebuild) holds it. */
    static Optional<ClusterRebuildLock> tryTake(DataSource dataSource) {
        Connection session = null;
        try {
            session = dataSource.getConnection();
            session.setAutoCommit(true);
            try (Statement sql = session.createStatement();
                 ResultSet locked = sql.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
                if (locked.next() && locked.getBoolean(1)) {
                    return Optional.of(new ClusterRebuildLock(session));
                }
            }
            session.close();
            return Optional.empty();
        } catch (SQLException failure) {
            closeQuietly(session);
            throw new IllegalStateException("could not take the rebuild lock", failure);
        }
    }

    void release() {
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
