package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * A second service started on a data directory whose embedded PostgreSQL a live service still runs must fail, and
 * must leave that server taking new connections: only a postmaster whose service died is an orphan to stop.
 */
class OrphanedPostmasterIT {

    @Test
    void givenAServiceRunningTheServer_whenAnotherStartsOnTheSameDataDirectory_thenItFailsAndTheServerLivesOn()
            throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "in-use-")
                .resolve("pg");
        try (EmbeddedPostgres running = EmbeddedPostgresInitializer.start(dataDirectory, 0)) {
            assertThatThrownBy(() -> OrphanedPostmaster.stopIfRunning(dataDirectory))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running service");

            try (Connection connection = running.getPostgresDatabase().getConnection();
                 ResultSet one = connection.createStatement().executeQuery("select 1")) {
                assertThat(one.next()).as("the running server still takes new connections").isTrue();
            }
        }
    }
}
