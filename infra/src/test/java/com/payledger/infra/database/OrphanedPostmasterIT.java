package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Only a postmaster whose service died is an orphan to stop, and it is stopped even while a client still holds a
 * session to it; a second service started on a data directory a live service runs must fail and leave it running.
 */
class OrphanedPostmasterIT {

    @Test
    void givenAServiceRunningTheServer_whenAnotherStartsOnTheSameDataDirectory_thenItFailsAndTheServerLivesOn()
            throws Exception {
        Path dataDirectory = newDataDirectory("in-use-");
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

    @Test
    void givenAnOrphanWithAnIdleClientSession_whenTheNextServiceStarts_thenTheOrphanIsStoppedAndItStarts()
            throws Exception {
        Path dataDirectory = newDataDirectory("orphan-");
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DiesWithoutStoppingItsServer.class.getName(),
                dataDirectory.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int port;
        try (BufferedReader printed = new BufferedReader(new InputStreamReader(service.getInputStream(),
                StandardCharsets.UTF_8))) {
            port = Integer.parseInt(printed.lines().filter(line -> line.startsWith("port ")).findFirst()
                    .orElseThrow().substring("port ".length()));
        }
        // An operator's psql or a monitoring agent, still connected when the service is killed.
        try (Connection idle = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
                "postgres", "")) {
            service.destroyForcibly();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();

            OrphanedPostmaster.stopIfRunning(dataDirectory);
        }
        try (EmbeddedPostgres next = EmbeddedPostgresInitializer.start(dataDirectory, 0);
             Connection connection = next.getPostgresDatabase().getConnection();
             ResultSet one = connection.createStatement().executeQuery("select 1")) {
            assertThat(one.next()).isTrue();
        }
    }

    private static Path newDataDirectory(String prefix) throws Exception {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), prefix).resolve("pg");
    }

    /** A service's JVM in miniature: starts the embedded server, prints its port and waits to be killed. */
    static final class DiesWithoutStoppingItsServer {

        public static void main(String[] args) throws Exception {
            EmbeddedPostgres postgres = EmbeddedPostgresInitializer.start(Path.of(args[0]), 0);
            System.out.println("port " + postgres.getPort());
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
