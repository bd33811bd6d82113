package com.payledger.query.rebuild;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues the live read models' statements in the transaction that delivers the events, and sends them just before
 * it commits: all of them, from every projection that writes this way, as one multi-statement request, so one round
 * trip. A transfer's two account legs and its transfer row used to cost three.
 *
 * <p>The statements run in the order they were queued, in the same transaction, and a failing statement fails the
 * commit and rolls everything back. Against the statements that other code runs at once in that transaction they
 * run later than an immediate writer's would; the read-model tables reference no other table, so what commits is
 * the same. A handler never sees its own queued rows (see {@link ReadModelWriter}). Outside a transaction there is
 * nothing to wait for, and once the queue is being sent nothing more may wait: such a statement runs at once. A
 * suspended transaction takes its queue with it, so an inner {@code REQUIRES_NEW} transaction has a queue of its
 * own.
 */
final class BeforeCommitWriter implements ReadModelWriter {

    /**
     * The most statements one request carries: PostgreSQL takes at most 65,535 parameters in one, and a projection's
     * statement has at most a few dozen. A unit of work with more is sent in several requests.
     */
    static final int MAX_PER_REQUEST = 500;

    private final JdbcTemplate jdbc;
    private final Key key;

    BeforeCommitWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.key = new Key(jdbc.getDataSource());
    }

    @Override
    public void update(String sql, Runnable ifNoRowChanged, Object... args) {
        Queue queue = openQueue();
        if (queue == null) {
            ReadModelWriter.immediate(jdbc).update(sql, ifNoRowChanged, args);
        } else {
            queue.statements.add(new Queued(sql, args, ifNoRowChanged));
        }
    }

    /** The current transaction's queue, made on first use; null when the statement must run at once. */
    private Queue openQueue() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Queue queue = (Queue) TransactionSynchronizationManager.getResource(key);
        if (queue == null) {
            queue = new Queue(jdbc, key);
            TransactionSynchronizationManager.bindResource(key, queue);
            TransactionSynchronizationManager.registerSynchronization(queue);
        }
        return queue.sending ? null : queue;
    }

    /** One queue per transaction and database, shared by every writer on that database. */
    private record Key(DataSource dataSource) {
    }

    private record Queued(String sql, Object[] args, Runnable ifNoRowChanged) {
    }

    /** A transaction's queued statements; sent before it commits, dropped when it ends. */
    private static final class Queue implements TransactionSynchronization {

        private final JdbcTemplate jdbc;
        private final Key key;
        private final List<Queued> statements = new ArrayList<>();
        /** Set once the queue is being sent: a statement that comes later (a no-row-changed action's) runs at once. */
        private boolean sending;

        Queue(JdbcTemplate jdbc, Key key) {
            this.jdbc = jdbc;
            this.key = key;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            sending = true;
            List<Queued> all = List.copyOf(statements);
            statements.clear();
            for (int from = 0; from < all.size(); from += MAX_PER_REQUEST) {
                send(all.subList(from, Math.min(all.size(), from + MAX_PER_REQUEST)));
            }
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(key, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(key);
        }

        /** Runs {@code request} as one multi-statement request; then each no-row-changed action that is due. */
        private void send(List<Queued> request) {
            List<Object> args = new ArrayList<>();
            List<String> sql = new ArrayList<>();
            for (Queued statement : request) {
                sql.add(statement.sql());
                Collections.addAll(args, statement.args());
            }
            List<Integer> changed = jdbc.execute(String.join(";\n", sql), (PreparedStatement statement) -> {
                new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
                return updateCounts(statement, statement.execute());
            });
            if (changed == null || changed.size() != request.size()) {
                throw new IllegalStateException("PostgreSQL answered " + changed + " for " + request.size()
                        + " read model statements");
            }
            for (int i = 0; i < request.size(); i++) {
                if (changed.get(i) == 0) {
                    request.get(i).ifNoRowChanged().run();
                }
            }
        }

        private static List<Integer> updateCounts(PreparedStatement statement, boolean resultSet)
                throws SQLException {
            List<Integer> counts = new ArrayList<>();
            for (boolean rows = resultSet; ; rows = statement.getMoreResults()) {
                if (rows) {
                    throw new IllegalStateException("a read model statement returned rows");
                }
                int count = statement.getUpdateCount();
                if (count == -1) {
                    return counts;
                }
                counts.add(count);
            }
        }
    }
}
