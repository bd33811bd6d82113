package com.payledger.infra.axon;

import com.payledger.command.transfer.CommitTimeWrites;
import com.payledger.query.rebuild.ReadModelWriter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The statements of a transaction that need no answer before it commits: the insert of a command's events
 * ({@link DeferredAppendStorageEngine}), the live read models' writes ({@link ReadModelWriter}) and a transfer's
 * settled time ({@link CommitTimeWrites}). They wait in the
 * transaction and go to PostgreSQL just before it commits, all of them as one multi-statement request, so one round
 * trip: a transfer's events, its two account legs and its transfer row used to cost four.
 *
 * <p>The statements run in the order they were queued, in the same transaction, and a failing statement fails the
 * commit and rolls everything back. Against the statements that other code runs at once in that transaction they
 * run later than an immediate writer's would; nothing in a command's transaction reads the tables written this way
 * after writing them, and those tables reference no other table, so what commits is the same. Outside a
 * transaction there is nothing to wait for, and once the queue is being sent nothing more may wait: such a statement
 * runs at once. A suspended transaction takes its queue with it, so an inner {@code REQUIRES_NEW} transaction has a
 * queue of its own.
 */
final class BeforeCommitStatements implements ReadModelWriter, CommitTimeWrites {

    /** The most statements one request carries. A transaction with more is sent in several requests. */
    static final int MAX_PER_REQUEST = 500;
    /**
     * The most parameters one request carries: PostgreSQL takes at most 65,535 in one statement, and a request of
     * several statements is kept under that too. A read model's statement has a few dozen, an append of up to
     * {@link AppendWindow#MAX_ROWS} events up to 9,000.
     */
    static final int MAX_PARAMETERS = 65_535;

    private final JdbcTemplate jdbc;
    private final Key key;

    BeforeCommitStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.key = new Key(jdbc.getDataSource());
    }

    @Override
    public void update(String sql, Runnable ifNoRowChanged, Object... args) {
        if (!defer(sql, args, ifNoRowChanged, UnaryOperator.identity())) {
            ReadModelWriter.immediate(jdbc).update(sql, ifNoRowChanged, args);
        }
    }

    /**
     * Queues {@code sql} in the current transaction. {@code failure} may turn the error of a request that carried it
     * into one of its own (a clash on the event store's keys into Axon's conflict); it returns the error it was given
     * when the error is not its business. Returns false when there is no transaction to wait for, or the queue is being
     * sent: the caller then runs the statement itself, at once.
     */
    boolean defer(String sql, Object[] args, Runnable ifNoRowChanged,
                  UnaryOperator<RuntimeException> failure) {
        Queue queue = openQueue();
        if (queue == null) {
            return false;
        }
        queue.statements.add(new Queued(sql, args, ifNoRowChanged, failure));
        return true;
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

    /** One queue per transaction and database, shared by every user on that database. */
    private record Key(DataSource dataSource) {
    }

    private record Queued(String sql, Object[] args, Runnable ifNoRowChanged,
                          UnaryOperator<RuntimeException> failure) {
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
            int from = 0;
            while (from < all.size()) {
                int to = from + 1;
                int parameters = all.get(from).args().length;
                while (to < all.size() && to - from < MAX_PER_REQUEST
                        && parameters + all.get(to).args().length <= MAX_PARAMETERS) {
                    parameters += all.get(to).args().length;
                    to++;
                }
                send(all.subList(from, to), all);
                from = to;
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

        /**
         * Runs {@code request} as one multi-statement request; then each no-row-changed action that is due. Its error
         * is offered to every statement of the transaction ({@code all}): a lost race in a later request is still one.
         */
        private void send(List<Queued> request, List<Queued> all) {
            List<Integer> changed;
            try {
                changed = execute(request);
            } catch (DataAccessException error) {
                throw translated(error, all);
            }
            if (changed == null || changed.size() != request.size()) {
                throw new IllegalStateException("PostgreSQL answered " + changed + " for " + request.size()
                        + " queued statements");
            }
            for (int i = 0; i < request.size(); i++) {
                if (changed.get(i) == 0) {
                    request.get(i).ifNoRowChanged().run();
                }
            }
        }

        private List<Integer> execute(List<Queued> request) {
            List<Object> args = new ArrayList<>();
            List<String> sql = new ArrayList<>();
            for (Queued statement : request) {
                sql.add(statement.sql());
                Collections.addAll(args, statement.args());
            }
            return jdbc.execute(String.join(";\n", sql), (PreparedStatement statement) -> {
                new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
                return updateCounts(statement, statement.execute());
            });
        }

        /** The first statement's own account of {@code error}, or {@code error} when no statement claims it. */
        private static RuntimeException translated(DataAccessException error, List<Queued> statements) {
            for (Queued statement : statements) {
                RuntimeException own = statement.failure().apply(error);
                if (own != error) {
                    return own;
                }
            }
            return error;
        }

        private static List<Integer> updateCounts(PreparedStatement statement, boolean resultSet)
                throws SQLException {
            List<Integer> counts = new ArrayList<>();
            for (boolean rows = resultSet; ; rows = statement.getMoreResults()) {
                if (rows) {
                    throw new IllegalStateException("a queued statement returned rows");
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
