package com.payledger.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
