package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;

/**
 * The append window is a real PostgreSQL setting: set for the transaction that appends, gone after it, and the
 * statement Axon then runs is its ordinary insert.
 */
class AppendWindowIT {

    @Test
    void givenAnAppendingTransaction_whenItTakesItsIndexes_thenTheDatabaseBoundsItAndOnlyIt() throws SQLException {
        try (Connection connection = TestDatabase.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            String insert = new AppendWindow().build(connection, EventSchema.builder().build(), byte[].class,
                    List.of(), null, null).toString();

            assertThat(setting(connection, "transaction_timeout")).isEqualTo("30s");
            assertThat(insert).containsIgnoringCase("insert into DomainEventEntry");
            connection.commit();
            assertThat(setting(connection, "transaction_timeout")).as("after the commit").isEqualTo("0");
        }
    }

    @Test
    void givenPostgresBefore17_whenBounded_thenEachStatementAndIdlePauseIsBoundedInstead() {
        assertThat(AppendWindow.boundFor(17)).isEqualTo("set local transaction_timeout = 30000");
        assertThat(AppendWindow.boundFor(16)).isEqualTo(
                "set local statement_timeout = 30000; set local idle_in_transaction_session_timeout = 30000");
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("show " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
