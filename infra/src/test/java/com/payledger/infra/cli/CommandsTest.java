package com.payledger.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The jar runs a command when asked for one, and the service only when given options alone. */
class CommandsTest {

    @Test
    void givenAMistypedCommand_whenRun_thenUsageAndMisuseInsteadOfTheService() {
        String[] args = {"verify-exprot", "log.ndjson", "--public-key", "abc"};
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        assertThat(Commands.isCommand(args)).as("not handed to the service").isTrue();
        int exitCode = Commands.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("error: unknown command verify-exprot")
                .contains("java -jar payledger.jar verify-export FILE");
    }

    /**
     * The last of two options won and a stray word was ignored, exit 0: a wrapper pinning --public-key or --from
     * and appending an auditor's arguments could be overridden without a word.
     */
    @Test
    void givenAnOptionTwiceOrAStrayArgument_whenRun_thenMisuseBeforeAnythingRuns() {
        for (String[] args : new String[][] {
                {"verify-export", "part.ndjson", "--public-key", "a", "--public-key", "b"},
                {"verify-export", "part.ndjson", "--from", "7", "--to", "9", "--from", "0"},
                {"verify-inclusion", "--checkpoint", "c.json", "--proof", "p.json", "extra"},
                {"check-consistency", "extra"},
                {"generate-checkpoint-key", "extra"}}) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertThat(Commands.run(args, new PrintStream(printed, true, StandardCharsets.UTF_8)))
                    .as(String.join(" ", args)).isEqualTo(2);
            assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("error: ")
                    .containsAnyOf("option given twice", "unexpected argument");
        }
    }

    /** The HTTP client's refused connection has no message of its own: "did not answer: null" said nothing. */
    @Test
    void givenAServiceThatRefusesTheConnection_whenRebuildIsAsked_thenTheReasonIsPrinted() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int exitCode = Commands.run(new String[] {"rebuild-projection", "projection-accounts", "--url",
            "http://127.0.0.1:" + closedPort, "--api-key-file", keyFile().toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isEqualTo(1);
        assertThat(printed.toString(StandardCharsets.UTF_8).strip()).startsWith("error: the service did not answer: ")
                .doesNotEndWith("null");
    }

    @Test
    void givenAFailureWithoutAMessage_whenDescribed_thenItsCausesOrItsKindSayWhy() {
        assertThat(Commands.reason(new ConnectException())).isEqualTo("ConnectException");
        assertThat(Commands.reason(new IOException(null, new ConnectException("Connection refused"))))
                .isEqualTo("Connection refused");
    }

    private static Path keyFile() throws IOException {
        Path file = Files.createTempFile("admin-key", ".txt");
        file.toFile().deleteOnExit();
        return Files.writeString(file, "k".repeat(40));
    }

    @Test
    void givenNoArgumentsOrOptionsOnly_whenStarted_thenTheService() {
        assertThat(Commands.isCommand(new String[0])).isFalse();
        assertThat(Commands.isCommand(new String[] {"--server.shutdown=immediate"})).isFalse();
    }

    @Test
    void givenACommand_whenStarted_thenTheCommand() {
        assertThat(Commands.isCommand(new String[] {"generate-checkpoint-key"})).isTrue();
    }
}
