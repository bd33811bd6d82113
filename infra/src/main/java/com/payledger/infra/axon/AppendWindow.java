package com.payledger.infra.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;

/**
 * Bounds the time between an event taking its global index and its transaction committing, so that no tracking
 * processor (the verifiable log, the recurring-payment automation) can pass over an event for good.
 *
 * <p>PostgreSQL hands out the global index at insert, and transactions commit out of index order. A tracking
 * processor that sees index 12 before 11 remembers 11 as a gap and keeps asking for it, but Axon gives a gap up once
 * it is {@link #GAP_TIMEOUT} old or {@link #MAX_GAP_OFFSET} indexes behind the newest event. A transaction that
 * committed after that would never be delivered: its event would be stored but not logged. So before the insert
 * that takes the indexes, the transaction is told to abort itself if it is still open {@link #APPEND_TO_COMMIT}
 * later ({@code transaction_timeout}, PostgreSQL 17 and later), half the gap timeout. An aborted command is
 * retried or reported; a late commit would be a silent hole in the log.
 *
 * <p>PostgreSQL before 17 has no whole-transaction timeout: there, each statement and each idle pause inside the
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

    private final AppendEventsStatementBuilder insert = JdbcEventStorageEngineStatements::appendEvents;
    private volatile String bound;

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(bound(connection));
        }
        return insert.build(connection, schema, dataType, events, serializer, timestampWriter);
    }

    private String bound(Connection connection) throws SQLException {
        String known = bound;
        if (known == null) {
            known = boundFor(connection.getMetaData().getDatabaseMajorVersion());
            bound = known;
        }
        return known;
    }

    static String boundFor(int postgresMajorVersion) {
        long millis = APPEND_TO_COMMIT.toMillis();
        if (postgresMajorVersion >= FIRST_VERSION_WITH_TRANSACTION_TIMEOUT) {
            return "set local transaction_timeout = " + millis;
        }
        return "set local statement_timeout = " + millis + "; set local idle_in_transaction_session_timeout = "
                + millis;
    }
}
