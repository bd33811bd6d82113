package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded server's settings are read as written or refused: never another folder or port than meant. */
class EmbeddedPostgresInitializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void givenAnEmptyDataDir_whenRead_thenRefusedInsteadOfTheWorkingDirectory(String configured) {
        assertThatThrownBy(() -> EmbeddedPostgresInitializer.dataDirectory(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_DATA_DIR is empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data ", " /data", "data/postgres\n"})
    void givenADataDirWithWhiteSpaceAround_whenRead_thenRefusedInsteadOfAnotherFolder(String configured) {
        assertThatThrownBy(() -> EmbeddedPostgresInitializer.dataDirectory(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_DATA_DIR begins or ends with white space");
    }

    @Test
    void givenARelativeDataDir_whenRead_thenItIsUnderTheWorkingDirectory() {
        assertThat(EmbeddedPostgresInitializer.dataDirectory("data/postgres"))
                .isEqualTo(Path.of("data", "postgres").toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -5432, 65_536})
    void givenAPortOutOfRange_whenRead_thenRefusedInsteadOfAnyFreePort(int configured) {
        assertThatThrownBy(() -> EmbeddedPostgresInitializer.port(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_EMBEDDED_DB_PORT");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5432, 65_535})
    void givenAPortInRange_whenRead_thenTaken(int configured) {
        assertThat(EmbeddedPostgresInitializer.port(configured)).isEqualTo(configured);
    }
}
