package com.payledger.infra.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.failure.StartupRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The embedded server's settings are read as written or refused: never another folder or port than meant. */
class EmbeddedPostgresInitializerTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void givenAnEmptyDataDir_whenRead_thenRefusedInsteadOfTheWorkingDirectory(String configured) {
        assertThatThrownBy(() -> EmbeddedPostgresInitializer.dataDirectory(configured))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("PAYLEDGER_DATA_DIR is set but empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data ", " /data", "data/postgres\n"})
    void givenADataDirWithWhiteSpaceAround_whenRead_thenRefusedInsteadOfAnotherFolder(String configured) {
        assertThatThrownBy(() -> EmbeddedPostgresInitializer.dataDirectory(configured))
                .isInstanceOf(StartupRefusal.class)
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
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("PAYLEDGER_EMBEDDED_DB_PORT");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5432, 65_535})
    void givenAPortInRange_whenRead_thenTaken(int configured) {
        assertThat(EmbeddedPostgresInitializer.port(configured)).isEqualTo(configured);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwxr-xr-x", "rwxrwx---", "rwx-----x", "rwxrwxrwx"})
    void givenAServerFolderOthersMayReadOrItsGroupWrite_whenStarted_thenRefusedSayingWhatToDo(String mode,
            @TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("PG_VERSION"), "17");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> EmbeddedPostgresInitializer.requireServerPermissions(folder))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining(mode)
                .satisfies(refusal -> assertThat(((StartupRefusal) refusal).action()).isEqualTo("Run: chmod 700 "
                        + folder));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rwx------", "rwxr-x---"})
    void givenAServerFolderOfAModePostgresTakes_whenStarted_thenTaken(String mode, @TempDir Path folder)
            throws Exception {
        Files.writeString(folder.resolve("PG_VERSION"), "17");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(mode));

        assertThatCode(() -> EmbeddedPostgresInitializer.requireServerPermissions(folder)).doesNotThrowAnyException();
    }

    @Test
    void givenANewFolder_whenStarted_thenAnyModeIsTakenSinceInitdbSetsIt(@TempDir Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatCode(() -> EmbeddedPostgresInitializer.requireServerPermissions(folder)).doesNotThrowAnyException();
    }
}
