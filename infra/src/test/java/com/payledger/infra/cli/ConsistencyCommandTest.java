package com.payledger.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-consistency tells a database it cannot read from read models that drifted: exit code 2, not 1. */
class ConsistencyCommandTest {

    @Test
    void givenADatabaseThatDoesNotAnswer_whenChecked_thenMisuseWithOneLineNotDrift() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> environment = Map.of("PAYLEDGER_DB_URL",
                "jdbc:postgresql://localhost:" + closedPort + "/payledger?connectTimeout=2",
                "PAYLEDGER_DB_USER", "payledger_app", "PAYLEDGER_DB_PASSWORD", "not-in-the-output");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exitCode = ConsistencyCommand.run(environment::get, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).isEqualTo(2);
        assertThat(output).startsWith("error: cannot read the ledger's database: ")
                .doesNotContain("not-in-the-output").hasLineCount(1);
    }

    @Test
    void givenThePasswordAndItsFileBothSet_whenChecked_thenMisuse(@TempDir Path folder) throws IOException {
        Path file = Files.writeString(folder.resolve("password"), "from-the-file");
        Map<String, String> environment = Map.of("PAYLEDGER_DB_URL", "jdbc:postgresql://localhost:1/payledger",
                "PAYLEDGER_DB_PASSWORD", "from-the-environment", "PAYLEDGER_DB_PASSWORD_FILE", file.toString());

        assertThatThrownBy(() -> ConsistencyCommand.run(environment::get, new PrintStream(new ByteArrayOutputStream(),
                true, StandardCharsets.UTF_8)))
                .as("Commands answers an IllegalArgumentException with the usage and exit code 2")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("set PAYLEDGER_DB_PASSWORD or PAYLEDGER_DB_PASSWORD_FILE, not both");
    }
}
