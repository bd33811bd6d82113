package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The append window is a real PostgreSQL setting: in force from the insert that takes the events' indexes, for the
 * rest of that transaction and only it; and the insert stores the events as Axon's own would.
 */
class AppendWindowIT {

    /** Axon's table, as the event store migration creates it, for this connection only. */
    private static final String TABLE = """
            create temporary table append_window_events (
                globalIndex bigserial not null primary key, aggregateIdentifier varchar(255) not null,
                sequenceNumber bigint not null, type varchar(255), eventIdentifier varchar(255) not null unique,
                metaData bytea, payload bytea not null, payloadRevision varchar(255),
                payloadType varchar(255) not null, timeStamp varchar(255) not null,
                unique (aggregateIdentifier, sequenceNumber),
                -- evaluated as each row is inserted, as its index is taken: the bound the row was stored under
                storedUnder text default current_setting('transaction_timeout'))""";
    private static final EventSchema SCHEMA = EventSchema.builder().eventTable("append_window_events").build();

    @Test
    void givenAUnitOfWorksEvents_whenAppended_thenOneInsertStoresThemInOrderAndBoundsTheTransaction()
            throws SQLException {
        try (Connection connection = transaction()) {
            PreparedStatement insert = build(connection, List.of(event("acc-1", 4, "first"),
                    event("acc-1", 5, "second")));
            assertThat(setting(connection, "transaction_timeout")).as("before the insert runs").isEqualTo("0");

            assertThat(insert.executeBatch()).as("one statement, both rows").containsExactly(2);

            assertThat(setting(connection, "transaction_timeout")).isEqualTo("30s");
            assertThat(stored(connection)).containsExactly("acc-1/4/first", "acc-1/5/second");
            assertThat(boundsStoredUnder(connection)).as("already in force as each row took its index")
                    .containsExactly("30s");
            connection.commit();
            assertThat(setting(connection, "transaction_timeout")).as("after the commit").isEqualTo("0");
        }
    }

    @Test
    void givenAnAppendOverTheRowLimit_whenAppended_thenAxonsBatchStoresItUnderTheSameBound() throws SQLException {
        try (Connection connection = transaction()) {
            List<DomainEventMessage<?>> events = new ArrayList<>();
            IntStream.range(0, AppendWindow.MAX_ROWS + 1).forEach(sequence ->
                    events.add(event("acc-2", sequence, "e" + sequence)));

            PreparedStatement insert = build(connection, events);
            assertThat(setting(connection, "transaction_timeout")).isEqualTo("30s");

            assertThat(insert.executeBatch()).hasSize(AppendWindow.MAX_ROWS + 1).containsOnly(1);
            assertThat(stored(connection)).hasSize(AppendWindow.MAX_ROWS + 1)
                    .startsWith("acc-2/0/e0").endsWith("acc-2/1000/e1000");
            assertThat(boundsStoredUnder(connection)).containsExactly("30s");
            connection.rollback();
        }
    }

    @Test
    void givenPostgresBefore17_whenBounded_thenLockWaitsLaterStatementsAndIdlePausesAreBoundedInstead()
            throws SQLException {
        assertThat(AppendWindow.boundFor(17)).isEqualTo("set_config('transaction_timeout', '30000', true)");
        String before17 = AppendWindow.boundFor(16);
        assertThat(before17).isEqualTo("set_config('lock_timeout', '30000', true), "
                + "set_config('statement_timeout', '30000', true), "
                + "set_config('idle_in_transaction_session_timeout', '30000', true)");
        try (Connection connection = transaction(); Statement statement = connection.createStatement()) {
            statement.execute("select " + before17);
            assertThat(setting(connection, "lock_timeout")).isEqualTo("30s");
            assertThat(setting(connection, "statement_timeout")).isEqualTo("30s");
            assertThat(setting(connection, "idle_in_transaction_session_timeout")).isEqualTo("30s");
            connection.rollback();
        }
    }

    private static Connection transaction() throws SQLException {
        Connection connection = TestDatabase.dataSource().getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(TABLE);
        }
        connection.setAutoCommit(false);
        return connection;
    }

    private static PreparedStatement build(Connection connection, List<DomainEventMessage<?>> events)
            throws SQLException {
        return new AppendWindow().build(connection, SCHEMA, byte[].class, events,
                JacksonSerializer.defaultSerializer(),
                (statement, index, timestamp) -> statement.setString(index, timestamp.toString()));
    }

    private static DomainEventMessage<?> event(String stream, long sequence, String payload) {
        return new GenericDomainEventMessage<>("Account", stream, sequence, payload, Map.of());
    }

    /** Each stored event as stream/sequence/payload, in the order of the indexes they took. */
    private static List<String> stored(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select aggregateIdentifier, sequenceNumber, "
                     + "convert_from(payload, 'UTF8') from append_window_events order by globalIndex")) {
            while (row.next()) {
                rows.add(row.getString(1) + "/" + row.getLong(2) + "/" + row.getString(3).replace("\"", ""));
            }
        }
        return rows;
    }

    private static List<String> boundsStoredUnder(Connection connection) throws SQLException {
        List<String> bounds = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("select distinct storedUnder from append_window_events")) {
            while (row.next()) {
                bounds.add(row.getString(1));
            }
        }
        return bounds;
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
