package com.payledger.infra.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;

/**
 * Bounds the time between an event taking its global index and its transaction committing, so that no tracking
 * processor (the verifiable log, the recurring-payment automation) can pass over an event for good.
 *
 * <p>PostgreSQL hands out the global index at insert, and transactions commit out of index order. A tracking
 * processor that sees index 12 before 11 remembers 11 as a gap and keeps asking for it, but Axon gives a gap up once
 * it is {@link #GAP_TIMEOUT} old or {@link #MAX_GAP_OFFSET} indexes behind the newest event. A transaction that
 * committed after that would never be delivered: its event would be stored but not logged. So the insert that takes
 * the indexes first tells its transaction to abort itself if it is still open {@link #APPEND_TO_COMMIT} later
 * ({@code transaction_timeout}, PostgreSQL 17 and later), half the gap timeout. An aborted command is retried or
 * reported; a late commit would be a silent hole in the log.
 *
 * <p>The bound is set by the insert itself ({@code set_config} joined to the rows, so it runs before the first row
 * takes its index), and the events of an append go in one multi-row insert: one round trip per append, where a
 * {@code SET LOCAL} before Axon's batch cost a second one on every command. Within a transaction that insert waits
 * for the commit and goes with the read models' writes ({@link DeferredAppendStorageEngine}), so the index is taken
 * just before the commit. A second append in the same transaction does not move the bound: PostgreSQL starts the
 * timer only when none runs.
 *
 * <p>PostgreSQL before 17 has no whole-transaction timeout: there, each lock wait from this insert on (such as
 * waiting for a concurrent append to the same stream), each later statement and each idle pause inside the
 * transaction is bounded instead, which covers a stalled JVM or a blocked statement but not a long series of quick
 * ones. The log verification reports any event that was stored but never logged either way.
 */
final class AppendWindow implements AppendEventsStatementBuilder {

    /** The longest an event-writing transaction may stay open after it took its global indexes. */
    static final Duration APPEND_TO_COMMIT = Duration.ofSeconds(30);
    /** How long a tracking processor waits for a missing index before giving it up: twice the window above. */
    static final Duration GAP_TIMEOUT = APPEND_TO_COMMIT.multipliedBy(2);
    /**
     * How many newer indexes a tracking processor may see before giving a gap up (Axon's default is 10,000, which
     * a busy ledger writes within seconds). A million covers the window above at over 30,000 events per second.
     */
    static final int MAX_GAP_OFFSET = 1_000_000;

    private static final int FIRST_VERSION_WITH_TRANSACTION_TIMEOUT = 17;
    private static final int COLUMNS = 9;
    /**
     * The most events one insert takes (PostgreSQL takes at most 65,535 parameters); a larger append, which no
     * command of the ledger makes, goes as Axon's own batch after a statement that sets the bound.
     */
    static final int MAX_ROWS = 1_000;

    private final AppendEventsStatementBuilder batch = JdbcEventStorageEngineStatements::appendEvents;

    private volatile String bound;

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("an append has at least one event");
        }
        if (events.size() > MAX_ROWS) {
            try (Statement set = connection.createStatement()) {
                set.execute("select " + bound(connection));
            }
            return batch.build(connection, schema, dataType, events, serializer, timestampWriter);
        }
        PreparedStatement statement = connection.prepareStatement(insert(schema, events.size(), bound(connection)));
        new ArgumentPreparedStatementSetter(arguments(events, serializer, dataType)).setValues(statement);
        // Axon sends the statement as a batch: this one entry is the whole append.
        statement.addBatch();
        return statement;
    }

    /**
     * The values of {@link #insert}'s parameters for {@code events}, row by row in Axon's column order; the timestamp
     * as Axon's engine writes it by default (ISO-8601 text).
     */
    static Object[] arguments(List<? extends EventMessage<?>> events, Serializer serializer, Class<?> dataType) {
        Object[] values = new Object[events.size() * COLUMNS];
        int column = 0;
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = domainEvent(message);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            values[column++] = event.getIdentifier();
            values[column++] = event.getAggregateIdentifier();
            values[column++] = event.getSequenceNumber();
            values[column++] = event.getType();
            values[column++] = DateTimeUtils.formatInstant(event.getTimestamp());
            values[column++] = payload.getType().getName();
            values[column++] = payload.getType().getRevision();
            values[column++] = payload.getData();
            values[column++] = metaData.getData();
        }
        return values;
    }

    /**
     * One insert of {@code rows} events, in the column order of Axon's own. The rows are joined to the one that sets
     * the bound, so no row is inserted, and no index taken, before the bound is in force.
     */
    static String insert(EventSchema schema, int rows, String bound) {
        String row = "(" + String.join(", ", Collections.nCopies(COLUMNS, "?")) + ")";
        return "insert into " + schema.domainEventTable() + " (" + schema.domainEventFields() + ")\n"
                + "select event.* from (values " + String.join(", ", Collections.nCopies(rows, row)) + ") event\n"
                + "cross join (select " + bound + ") bound";
    }

    /** What the insert selects to set the bound, for the database behind {@code connection}. */
    String bound(Connection connection) throws SQLException {
        String known = bound;
        if (known == null) {
            known = boundFor(connection.getMetaData().getDatabaseMajorVersion());
            bound = known;
        }
        return known;
    }

    /** The bound once {@link #bound(Connection)} has learnt it; null before. */
    String knownBound() {
        return bound;
    }

    /** What the insert selects to set the bound for the rest of its transaction. */
    static String boundFor(int postgresMajorVersion) {
        String millis = "'" + APPEND_TO_COMMIT.toMillis() + "'";
        if (postgresMajorVersion >= FIRST_VERSION_WITH_TRANSACTION_TIMEOUT) {
            return "set_config('transaction_timeout', " + millis + ", true)";
        }
        // lock_timeout is read when a wait begins, so it bounds this insert's own waits; statement_timeout only the
        // statements after it.
        return "set_config('lock_timeout', " + millis + ", true), "
                + "set_config('statement_timeout', " + millis + ", true), "
                + "set_config('idle_in_transaction_session_timeout', " + millis + ", true)";
    }

    /** As Axon stores an event that came without an aggregate: its own id as the stream, sequence 0. */
    private static DomainEventMessage<?> domainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent;
        }
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }
}
