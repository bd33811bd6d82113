package com.payledger.infra.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** A session lost under a request leaves its outcome open; one never had leaves nothing done. */
class ConnectionFailuresTest {

    @Test
    void givenFailuresOfTheConnectionItself_whenClassified_thenConnectionLostAndNothingElse() {
        // As the driver and the pool report them, wrapped as Axon and Spring wrap them.
        assertThat(ConnectionFailures.lost(new RuntimeException("Failed to read events",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(ConnectionFailures.lost(new SQLException("terminating connection due to administrator "
                + "command", "57P01"))).isTrue();
        assertThat(ConnectionFailures.lost(new RuntimeException("Failed to create a SQL statement",
                new SQLException("Connection is closed")))).isTrue();
        assertThat(ConnectionFailures.lost(new SQLException("duplicate key value", "23505"))).isFalse();
        assertThat(ConnectionFailures.lost(new SQLException("something else"))).isFalse();
        assertThat(ConnectionFailures.lost(new IllegalStateException("no SQL at all"))).isFalse();
        // No session was had at all: nothing ran, so SERVICE_BUSY's "nothing was recorded" holds.
        assertThat(ConnectionFailures.lost(new SQLException("Connection refused", "08001"))).isFalse();
        assertThat(ConnectionFailures.noneHad(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(ConnectionFailures.noneHad(new RuntimeException("Failed to open", new SQLException(
                "the database system is starting up", "57P03")))).isTrue();
        assertThat(ConnectionFailures.noneHad(new SQLTransientConnectionException(
                "HikariPool-1 - Connection is not available, request timed out after 30000ms."))).isTrue();
        assertThat(ConnectionFailures.noneHad(new SQLException("duplicate key value", "23505"))).isFalse();
    }
}
