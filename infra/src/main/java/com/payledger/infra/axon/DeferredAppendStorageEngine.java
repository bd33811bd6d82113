package com.payledger.infra.axon;

import com.payledger.infra.failure.Causes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.postgresql.util.PSQLException;

/**
 * Axon's JDBC storage engine, except that a unit of work's events wait in its transaction and are inserted in the
 * request that carries the read models' writes just before the commit ({@link BeforeCommitStatements}): a command's
 * events, its read models and, in that order, one round trip. Axon inserts them when the unit of work prepares to
 * commit, a round trip of its own.
 *
 * <p>Nothing in a command's transaction reads its own events back: Axon stores a unit of work's events only as it
 * prepares to commit, after every handler has run, and what runs after that (the subscribing read models) never
 * reads the event store. A clash on the stream's (aggregate, sequence) key, another writer having appended first,
 * therefore surfaces at the commit instead of at the insert, and is turned into the same conflict Axon raises
 * ({@link org.axonframework.modelling.command.ConcurrencyException}), which the command gateway retries. The insert
 * is the one {@link AppendWindow} builds, and it still sets the bound before any row takes its index.
 *
 * <p>Only the append Axon makes as a unit of work prepares to commit waits: the unit of work commits its transaction
 * after that, so the queue is always sent. Any other append (no unit of work, no transaction, or one too large for one
 * statement) goes Axon's way, at once. Every command runs in a transaction its unit of work begins (no caller sends
 * one inside a transaction of its own), so a clash surfaces within the command and the gateway can retry it. Another
 * failure of the request (a lock wait bounded on PostgreSQL before 17, a read model's error) surfaces as Spring
 * translates it, where Axon's own insert would have wrapped an insert's failure in an {@link EventStoreException}.
 */
final class DeferredAppendStorageEngine extends JdbcEventStorageEngine {

    /** The engine's payload type: the builder's default, which {@link EventStoreConfiguration} keeps. */
    private static final Class<?> DATA_TYPE = byte[].class;

    private final BeforeCommitStatements beforeCommit;
    private final AppendWindow window;
    private final PersistenceExceptionResolver conflicts;
    private final GapExpiry gaps;

    DeferredAppendStorageEngine(Builder builder, BeforeCommitStatements beforeCommit, AppendWindow window,
                                PersistenceExceptionResolver conflicts, GapExpiry gaps) {
        super(builder.appendEvents(window));
        this.beforeCommit = beforeCommit;
        this.window = window;
        this.conflicts = conflicts;
        this.gaps = gaps;
    }

    /** A tracking processor's next events, its token's gaps that are missing for too long given up first. */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return super.fetchTrackedEvents(gaps.withExpiredGapsGivenUp(lastToken), batchSize);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty() || events.size() > AppendWindow.MAX_ROWS || !preparingToCommit()) {
            super.appendEvents(events, serializer);
            return;
        }
        String insert = AppendWindow.insert(schema(), events.size(), bound());
        Object[] rows = AppendWindow.arguments(events, serializer, DATA_TYPE);
        EventMessage<?> first = events.get(0);
        UnaryOperator<RuntimeException> asConflict = error -> asConflict(error, first);
        if (!beforeCommit.defer(insert, rows, () -> notStored(first), asConflict)) {
            super.appendEvents(events, serializer);
        }
    }

    private static boolean preparingToCommit() {
        return CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase() == UnitOfWork.Phase.PREPARE_COMMIT;
    }

    /**
     * Axon's conflict for a clash on the event store's keys (what Axon's own insert would have raised), and a plain
     * conflict for a deadlock, wherever in the request PostgreSQL broke it; any other error of the request as it is,
     * such as a read model's: a retry on fresh state would not mend it.
     */
    private RuntimeException asConflict(RuntimeException error, EventMessage<?> first) {
        if (deadlock(error)) {
            return new ConcurrencyException("PostgreSQL broke a deadlock while committing the events from "
                    + first.getIdentifier(), error);
        }
        if (conflicts.isDuplicateKeyViolation(error) && onEventTable(error)) {
            try {
                handlePersistenceException(error, first);
            } catch (RuntimeException conflict) {
                return conflict;
            }
        }
        return error;
    }

    private static boolean deadlock(Throwable error) {
        return postgresError(error).map(psql -> PostgresConflictResolver.DEADLOCK_DETECTED.equals(psql.getSQLState()))
                .orElse(false);
    }

    private boolean onEventTable(Throwable error) {
        return postgresError(error).map(PSQLException::getServerErrorMessage)
                .filter(message -> message.getTable() != null)
                .map(message -> {
                    String table = schema().domainEventTable();
                    String clash = table.contains(".") ? message.getSchema() + "." + message.getTable()
                            : message.getTable();
                    return clash.equalsIgnoreCase(table);
                })
                .orElse(false);
    }

    private static Optional<PSQLException> postgresError(Throwable error) {
        return Causes.first(error, PSQLException.class);
    }

    private static void notStored(EventMessage<?> first) {
        throw new EventStoreException("PostgreSQL stored no row for the events from " + first.getIdentifier());
    }

    /** The bound for this database: learnt by the window from the current transaction's connection, once. */
    private String bound() {
        String known = window.knownBound();
        if (known != null) {
            return known;
        }
        Connection connection = getConnection();
        try {
            return window.bound(connection);
        } catch (SQLException failure) {
            throw new EventStoreException("Failed to read the database version", failure);
        } finally {
            JdbcUtils.closeQuietly(connection);
        }
    }
}
