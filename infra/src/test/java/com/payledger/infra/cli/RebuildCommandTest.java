package com.payledger.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rebuild-projection reports a rebuild done only when the instance it polls shows that very rebuild ended: the
 * answer may show no rebuild (404, or an empty list for all: an older service answering from its memory behind a
 * balancer) or another one (begun since, after this one's instance stopped).
 */
class RebuildCommandTest {

    private static final String STARTED = "{\"projection\":\"projection-accounts\",\"state\":\"RUNNING\","
            + "\"replayed\":0,\"total\":10,\"rowsThatDiffered\":null,\"startedAt\":\"2026-12-01T10:00:00Z\"}";

    private static final String NO_ANSWER = "none";

    @TempDir
    Path folder;
    /** The command's patience with unanswered polls; null: the command line's own. */
    private Duration patience;
    private HttpServer service;
    /** The answers to the polls, in order; the last one repeats. */
    private final Deque<String[]> polls = new ArrayDeque<>();

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(0);
        }
    }

    @Test
    void givenThePolledInstanceKnowsNoRebuild_whenRun_thenFailedNotDone() throws Exception {
        polls.add(new String[] {"404", "{\"code\":\"NO_REBUILD\"}"});
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED);

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).contains("without the progress of the rebuild it started");
    }

    @Test
    void givenAllRebuiltAndThePolledInstanceListsNone_whenRun_thenFailedNotDone() throws Exception {
        polls.add(new String[] {"200", "[]"});
        Run run = rebuild("all", "/api/v1/admin/projections/rebuild", "[" + STARTED + "]");

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).contains("without the progress of the rebuild it started");
    }

    @Test
    void givenThePolledInstanceShowsAnOlderRebuildDone_whenRun_thenFailed() throws Exception {
        polls.add(new String[] {"200", STARTED.replace("RUNNING", "DONE").replace("10:00:00Z", "09:00:00Z")});
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED);

        assertThat(run.exit()).as(run.output()).isOne();
    }

    @Test
    void givenItsOwnRebuildRunningThenDone_whenRun_thenDoneWithTheRowsThatDiffered() throws Exception {
        polls.add(new String[] {"200", STARTED});
        polls.add(new String[] {"200", STARTED.replace("RUNNING", "DONE").replace("\"replayed\":0",
                "\"replayed\":10").replace("null", "0")});
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("projection-accounts DONE 10/10 events, rows that differed");
    }

    @Test
    void givenAServiceUrlEndingInASlash_whenRun_thenItsPathsAreTheService() throws Exception {
        polls.add(new String[] {"200", STARTED.replace("RUNNING", "DONE")});
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED, "/");

        assertThat(run.exit()).as(run.output()).isZero();
    }

    @Test
    void givenThePollsAnsweredBusyUnavailableOrNotAtAll_whenTheServiceAnswersAgain_thenItsRebuildIsFollowedToItsEnd()
            throws Exception {
        polls.add(new String[] {"503", "{\"code\":\"SERVICE_UNAVAILABLE\"}"});
        polls.add(new String[] {"429", "{\"code\":\"RATE_LIMITED\"}"});
        // Twice: the JDK's client sends a GET again, once, on a connection closed before the answer.
        polls.add(new String[] {NO_ANSWER, ""});
        polls.add(new String[] {NO_ANSWER, ""});
        polls.add(new String[] {"502", "<html>bad gateway</html>"});
        polls.add(new String[] {"200", STARTED.replace("RUNNING", "DONE")});
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED);

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("answered 503", "answered 429", "did not answer", "answered 502",
                "projection-accounts DONE");
    }

    @Test
    void givenThePollsUnansweredLongerThanItsPatience_whenRun_thenUnknownNotDoneNorFailed() throws Exception {
        polls.add(new String[] {"503", "{\"code\":\"SERVICE_UNAVAILABLE\"}"});
        patience = Duration.ofSeconds(2);
        Run run = rebuild("projection-accounts", "/api/v1/admin/projections/projection-accounts/rebuild",
                STARTED);

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).contains("UNKNOWN: ").contains("may still be running").doesNotContain("FAILED");
        assertThat(run.output().lines().filter(line -> line.startsWith("waiting:")))
                .as("one line per reason, not one per poll").hasSize(1);
    }

    private record Run(int exit, String output) {
    }

    private Run rebuild(String name, String path, String startedAnswer) throws IOException, InterruptedException {
        return rebuild(name, path, startedAnswer, "");
    }

    private Run rebuild(String name, String path, String startedAnswer, String urlEnd)
            throws IOException, InterruptedException {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext(path, exchange -> {
            if ("POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 202, startedAnswer);
            } else {
                String[] answer = polls.size() > 1 ? polls.poll() : polls.peek();
                if (answer[0].equals(NO_ANSWER)) {
                    exchange.close(); // the connection ends before any answer: an instance stopping mid-request
                } else {
                    respond(exchange, Integer.parseInt(answer[0]), answer[1]);
                }
            }
        });
        service.start();
        Path key = Files.writeString(folder.resolve("admin.key"), "plk_test");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"rebuild-projection", name, "--url",
            "http://127.0.0.1:" + service.getAddress().getPort() + urlEnd, "--api-key-file", key.toString()};
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        int exit = patience == null ? Commands.run(args, out)
                : RebuildCommand.run(Options.parse(Arrays.copyOfRange(args, 1, args.length),
                        Set.of("--url", "--api-key-file")), out, patience);
        return new Run(exit, output.toString(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
