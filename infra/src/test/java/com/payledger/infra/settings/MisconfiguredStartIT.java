package com.payledger.infra.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.ServiceProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service started with mistyped settings, as an operator would: it stops before anything starts and
 * says which variables to correct, each of them, in Spring Boot's short failure report instead of a stack trace.
 */
class MisconfiguredStartIT {

    @Test
    void givenTwoMistypedSettings_whenTheServiceStarts_thenItRefusesNamingBothBeforeStartingPostgres()
            throws Exception {
        Path folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "misconfigured-");
        Path dataDirectory = folder.resolve("pg");
        Path log = folder.resolve("service.log");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        int exitCode = ServiceProcess.runUntilExit(Map.of("PAYLEDGER_DATA_DIR", dataDirectory.toString(),
                "PAYLEDGER_CHECKPOINT_INTERVAL", "1 minute", "PAYLEDGER_DB_POOL_SIZE", "0"), port, log);

        assertThat(exitCode).isNotZero();
        String output = Files.readString(log);
        assertThat(output).contains("APPLICATION FAILED TO START",
                "PAYLEDGER_CHECKPOINT_INTERVAL (payledger.checkpoints.interval) must be a duration",
                "PAYLEDGER_DB_POOL_SIZE (spring.datasource.hikari.maximum-pool-size) must be a whole number",
                "Correct them and start again.");
        assertThat(output).doesNotContain("Caused by:", "Embedded PostgreSQL on port");
        assertThat(dataDirectory).as("no ledger folder is created by a start that was refused").doesNotExist();
    }
}
