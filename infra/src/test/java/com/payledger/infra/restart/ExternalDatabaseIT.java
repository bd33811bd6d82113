package com.payledger.infra.restart;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.ServiceProcess;
import com.payledger.infra.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged service pointed at an external PostgreSQL through the documented environment variables: it migrates
 * the schema there and keeps its data there, not in an embedded server of its own.
 */
class ExternalDatabaseIT {

    @Test
    void givenDatabaseEnvironmentVariables_whenStarted_thenTheLedgerLivesInThatDatabase() throws Exception {
        Path log = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "external-db-it-", ".log");
        Path unusedDataDirectory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "unused-");
        String accountId = "external-" + UUID.randomUUID().toString().substring(0, 8);

        try (ServiceProcess service = ServiceProcess.start(Map.of(
                "PAYLEDGER_DB_URL", TestDatabase.url(),
                "PAYLEDGER_DB_USER", TestDatabase.user(),
                "PAYLEDGER_DB_PASSWORD", TestDatabase.password(),
                "PAYLEDGER_DB_MIGRATION_USER", TestDatabase.superuser(),
                "PAYLEDGER_DB_MIGRATION_PASSWORD", TestDatabase.superuserPassword(),
                "PAYLEDGER_DATA_DIR", unusedDataDirectory.toString()), log)) {
            assertThat(service.client().openAccount(accountId, "EUR", "u-1", null).status()).isEqualTo(201);
        }

        assertThat(TestDatabase.jdbc().queryForObject(
                "select count(*) from read_model.accounts where account_id = ?", Long.class, accountId)).isOne();
        try (var files = Files.list(unusedDataDirectory)) {
            assertThat(files).as("no embedded PostgreSQL was started").isEmpty();
        }
    }
}
