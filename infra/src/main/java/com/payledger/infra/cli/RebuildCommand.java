package com.payledger.infra.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts a projection rebuild on the running service (it rebuilds while it keeps taking writes), or with
 * {@value #ALL} a rebuild of every projection in one pass over the log, and prints the progress until it is done.
 */
final class RebuildCommand {

    static final String ALL = "all";
    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long the polls may go unanswered before the command stops waiting (the rebuild itself goes on). */
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private RebuildCommand() {
    }

    static int run(Options options, PrintStream out) throws IOException, InterruptedException {
        return run(options, out, PATIENCE);
    }

    static int run(Options options, PrintStream out, Duration patience) throws IOException, InterruptedException {
        if (options.positional().size() != 1) {
            throw new IllegalArgumentException("expected the projection's name, e.g. projection-accounts, or "
                    + ALL);
        }
        String name = options.positional().get(0);
        // "http://host:8080/" names the service as well: its slash would make the path start with "//", which the
        // service refuses as malformed (400), and the rebuild would not start.
        String url = options.get("--url").orElse("http://localhost:8080").replaceAll("/+$", "")
                + "/api/v1/admin/projections/"
                + (name.equals(ALL) ? "" : name + "/") + "rebuild";
        // The key comes from a file or the environment, never the command line, where any user could read it.
        String authorization = "Bearer " + options.get("--api-key-file").map(Options::read).map(String::strip)
                .or(() -> Optional.ofNullable(System.getenv("PAYLEDGER_API_KEY")))
                .orElseThrow(() -> new IllegalArgumentException("an ADMIN key is required: --api-key-file FILE or "
                        + "PAYLEDGER_API_KEY"));
        HttpClient http = HttpClient.newHttpClient();
        JsonMapper json = JsonMapper.builder().build();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_TIMEOUT)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            out.println("FAILED: " + started.statusCode() + " " + started.body());
            return 1;
        }
        Map<String, String> startedAt = startTimes(json.readTree(started.body()));
        Instant answeredAt = Instant.now();
        String silence = null;
        while (true) {
            Poll poll = poll(http, url, authorization);
            HttpResponse<String> polled = poll.answer();
            if (polled == null) {
                if (!poll.silence().equals(silence)) {
                    out.println("waiting: " + url + " " + poll.silence());
                }
                silence = poll.silence();
                // The rebuild goes on in the service whatever its answers: only a long silence ends the wait.
                if (Duration.between(answeredAt, Instant.now()).compareTo(patience) >= 0) {
                    out.println("UNKNOWN: " + url + " gave no answer for " + patience.toSeconds() + " s; the rebuild "
                            + "may still be running: GET " + url + " shows its progress");
                    return 1;
                }
                Thread.sleep(POLL.toMillis());
                continue;
            }
            answeredAt = Instant.now();
            silence = null;
            List<JsonNode> progresses = polled.statusCode() == 200 ? progresses(json.readTree(polled.body()))
                    : List.of();
            // Any instance answers from the database, but the latest rebuild may no longer be the one this started
            // (its instance stopped and another rebuild began since), or an older service may answer from memory
            // only. Reporting either as this rebuild's end would be a lie.
            if (!startTimes(progresses).equals(startedAt)) {
                out.println("FAILED: " + url + " answered " + polled.statusCode() + " without the progress of the "
                        + "rebuild it started (did another rebuild start since?): " + polled.body());
                return 1;
            }
            progresses.forEach(progress -> print(progress, out));
            if (progresses.stream().noneMatch(progress -> progress.get("state").asString().equals("RUNNING"))) {
                return progresses.stream().allMatch(progress -> progress.get("state").asString().equals("DONE"))
                        ? 0 : 1;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** An answer about the rebuild, or why there is none. */
    private record Poll(HttpResponse<String> answer, String silence) {
    }

    /**
     * One look at the progress. There is no answer about the rebuild when the connection failed or timed out, or
     * when the service (or a balancer in front of it) answered 429 or a 5xx: busy, restarting, or without its
     * database for a moment. A rebuild runs for minutes, during which an instance may restart or a limit be reached;
     * reporting such a moment as the rebuild's failure would send the operator to start another one.
     */
    private static Poll poll(HttpClient http, String url, String authorization) throws InterruptedException {
        try {
            HttpResponse<String> polled = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_TIMEOUT)
                            .header("Authorization", authorization).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (polled.statusCode() != 429 && polled.statusCode() < 500) {
                return new Poll(polled, null);
            }
            return new Poll(null, "answered " + polled.statusCode());
        } catch (IOException noAnswer) {
            return new Poll(null, "did not answer: " + noAnswer);
        }
    }

    /** One projection's progress, or a list of them for a rebuild of all. */
    private static List<JsonNode> progresses(JsonNode answer) {
        return answer.isArray() ? answer.valueStream().toList() : List.of(answer);
    }

    private static Map<String, String> startTimes(JsonNode answer) {
        return startTimes(progresses(answer));
    }

    /** Each projection's start time: what tells this rebuild from an earlier one of the same projection. */
    private static Map<String, String> startTimes(List<JsonNode> progresses) {
        Map<String, String> times = new TreeMap<>();
        for (JsonNode progress : progresses) {
            JsonNode projection = progress.get("projection");
            JsonNode at = progress.get("startedAt");
            times.put(projection == null ? "?" : projection.asString(), at == null ? "?" : at.asString());
        }
        return times;
    }

    private static void print(JsonNode progress, PrintStream out) {
        out.println(progress.get("projection").asString() + " " + progress.get("state").asString() + " "
                + progress.get("replayed").asLong() + "/" + progress.get("total").asLong() + " events"
                + (progress.get("rowsThatDiffered").isNull() ? ""
                : ", rows that differed from the live read model: " + progress.get("rowsThatDiffered")));
    }
}
