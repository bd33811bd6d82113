package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.failure.StartupRefusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password comes from its variable or from the file its {@code _FILE} variable names, never from both. */
class DatabasePasswordsTest {

    @TempDir
    private Path directory;

    @Test
    void givenAPasswordFile_whenRead_thenItsContentWithoutTheTrailingLineBreakIsThePassword() throws IOException {
        Path file = Files.writeString(directory.resolve("password"), "s3cret word\n");

        assertThat(DatabasePasswords.password(Map.of("PAYLEDGER_DB_PASSWORD_FILE", file.toString())::get,
                "PAYLEDGER_DB_PASSWORD")).contains("s3cret word");
    }

    @Test
    void givenOnlyTheVariable_whenRead_thenItIsThePassword() {
        assertThat(DatabasePasswords.password(Map.of("PAYLEDGER_DB_PASSWORD", "direct")::get,
                "PAYLEDGER_DB_PASSWORD")).contains("direct");
        assertThat(DatabasePasswords.password(Map.<String, String>of()::get, "PAYLEDGER_DB_PASSWORD")).isEmpty();
    }

    @Test
    void givenBothTheVariableAndAFile_whenRead_thenRefusedWithoutNamingThePassword() throws IOException {
        Path file = Files.writeString(directory.resolve("password"), "from-file");

        assertThatThrownBy(() -> DatabasePasswords.password(Map.of("PAYLEDGER_DB_PASSWORD", "direct",
                "PAYLEDGER_DB_PASSWORD_FILE", file.toString())::get, "PAYLEDGER_DB_PASSWORD"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("direct").hasMessageNotContaining("from-file");
    }

    @Test
    void givenAMissingFile_whenRead_thenTheFailureNamesThePath() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> DatabasePasswords.password(Map.of("PAYLEDGER_DB_MIGRATION_PASSWORD_FILE",
                missing.toString())::get, "PAYLEDGER_DB_MIGRATION_PASSWORD"))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining(missing.toString());
    }
}
