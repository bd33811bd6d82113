package com.payledger.infra.security;

import com.payledger.infra.support.LedgerClient.Response;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends hostile requests one at a time and checks each answer and the ledger's footprint around it. A failure
 * names the request, so each one can be sent again by hand.
 */
final class HostileProbe {

    /**
     * Words that appear in stack traces, exception messages and SQL errors, never in a problem the service means
     * to give. A word the request itself contains is not looked for: the service may echo a field name or path.
     */
    static final List<String> LEAKS = List.of("Exception", "exception", "\tat ", "at com.", "at org.", "at java.",
            "Caused by", "org.postgresql", "PSQL", "SQL", "jdbc", "org.springframework", "tools.jackson",
            "com.fasterxml", "java.lang", "java.io", "stackTrace", "trace", "ERROR:", "syntax error", "relation ",
            "column ", "read_model", "event_store", "domainevententry");

    /**
     * Everything a request could change: the event store, the command-side claims, every read model (counts, sums of
     * money and of versions, so an update shows too) and the API keys.
     */
    private static final String FOOTPRINT = """
            select (select count(*) from event_store.domainevententry) as events,
                   (select coalesce(max(globalindex), -1) from event_store.domainevententry) as last_event,
                   (select count(*) from command_side.transfer_requests) as transfer_claims,
                   (select count(*) from read_model.accounts) as accounts,
                   (select coalesce(sum(posted_minor), 0) from read_model.accounts) as posted,
                   (select coalesce(sum(last_sequence), 0) from read_model.accounts) as account_versions,
                   (select count(*) from read_model.accounts where status <> 'OPEN') as closed_accounts,
                   (select count(*) from read_model.account_entries) as entries,
                   (select count(*) from read_model.transfers) as transfers,
                   (select count(*) from read_model.recurring_payment_schedules) as schedules,
                   (select coalesce(sum(last_sequence), 0) from read_model.recurring_payment_schedules)
                       as schedule_versions,
                   (select coalesce(sum(amount_minor), 0) from read_model.recurring_payment_schedules)
                       as scheduled_amounts,
                   (select count(*) from read_model.recurring_payment_occurrences) as occurrences,
                   (select count(*) from security.api_keys) as api_keys,
                   (select count(*) from security.api_keys where revoked_at is not null) as revoked_keys""";

    private static final int FAILURES_KEPT_MAX = 25;
    /** Tomcat's limit on a request's head (Spring Boot's {@code server.max-http-request-header-size}, 8 KiB). */
    private static final int HEAD_LIMIT = 8 * 1024;

    private final JdbcTemplate jdbc;
    private final Function<HostileRequest, Response> sender;
    private final List<String> failures = new ArrayList<>();
    private final List<String> issuedKeyIds = new ArrayList<>();
    private final Map<String, Integer> statuses = new TreeMap<>();
    private final Map<String, Integer> endpointKinds = new TreeMap<>();
    private final long startedAt = System.nanoTime();
    private Map<String, Object> footprint;
    private int sent;
    private int failureCount;

    HostileProbe(JdbcTemplate jdbc, Function<HostileRequest, Response> sender) {
        this.jdbc = jdbc;
        this.sender = sender;
    }

    /** Waits until work of earlier tests (tracking processors, due schedules) has stopped changing the ledger. */
    void awaitQuiet() {
        Map<String, Object> previous = footprint();
        for (int attempt = 0; attempt < 50; attempt++) {
            sleep(200);
            Map<String, Object> now = footprint();
            if (now.equals(previous)) {
                footprint = now;
                return;
            }
            previous = now;
        }
        throw new IllegalStateException("the ledger kept changing for 10 s before the fuzzing began");
    }

    void check(HostileRequest request) {
        Response response;
        try {
            response = sender.apply(request);
        } catch (IllegalArgumentException unsendable) {
            count(statuses, "unsendable by the JDK client");
            return;
        } catch (UncheckedIOException broken) {
            if (refusedBeforeItsBody(request)) {
                // Not the service's doing: Tomcat refuses a head over its limit and closes the connection without
                // reading the body; the unread bytes then reset it, and the client may lose the 400 it was sent.
                count(statuses, "reset after a head over the limit, with a body");
                requireUnchanged(request, null);
                return;
            }
            fail(request, null, "no answer: " + broken.getCause());
            return;
        }
        sent++;
        count(statuses, Integer.toString(response.status()));
        count(endpointKinds, request.endpoint() + "  " + request.kind());
        if (response.status() >= 200 && response.status() < 300) {
            rememberIssuedKey(request, response);
            footprint = footprint();
        } else {
            checkRefusal(request, response);
            requireUnchanged(request, response);
        }
    }

    /** Fails unless a refused request left the ledger as it was; its state is then the next request's baseline. */
    private void requireUnchanged(HostileRequest request, Response response) {
        Map<String, Object> after = footprint();
        if (!after.equals(footprint)) {
            fail(request, response, "a refused request changed the ledger: " + difference(footprint, after)
                    + newEvents(footprint));
        }
        footprint = after;
    }

    /** A request with a body whose head alone is over Tomcat's limit ({@value #HEAD_LIMIT} bytes, Boot's default). */
    private static boolean refusedBeforeItsBody(HostileRequest request) {
        return request.body() != null && request.path().length() + request.headers().toString().length()
                + (request.authorization() == null ? 0 : request.authorization().length()) > HEAD_LIMIT;
    }

    private void checkRefusal(HostileRequest request, Response response) {
        int status = response.status();
        if (status >= 500) {
            fail(request, response, "5xx");
        } else if (status < 400) {
            fail(request, response, "neither success nor refusal");
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            fail(request, response, "refusal is not application/problem+json but '" + response.contentType() + "'");
        } else if (response.code() == null || response.code().isBlank()) {
            fail(request, response, "problem without a code");
        }
        String body = response.raw().body();
        String sentText = request.describeFully();
        for (String leak : LEAKS) {
            if (body.contains(leak) && !sentText.contains(leak)) {
                fail(request, response, "the refusal shows '" + leak.replace("\t", "\\t") + "'");
            }
        }
    }

    private void rememberIssuedKey(HostileRequest request, Response response) {
        if (request.method().equals("POST") && request.path().startsWith("/api/v1/admin/api-keys")
                && response.body() != null && response.body().get("id") != null) {
            issuedKeyIds.add(response.body().get("id").asString());
        }
    }

    private Map<String, Object> footprint() {
        return jdbc.queryForMap(FOOTPRINT);
    }

    private static String difference(Map<String, Object> before, Map<String, Object> after) {
        StringBuilder changed = new StringBuilder();
        before.forEach((name, value) -> {
            if (!Objects.equals(value, after.get(name))) {
                changed.append(name).append(' ').append(value).append(" -> ").append(after.get(name)).append("; ");
            }
        });
        return changed.toString();
    }

    private String newEvents(Map<String, Object> before) {
        List<Map<String, Object>> events = jdbc.queryForList("""
                select globalindex, aggregateidentifier, payloadtype from event_store.domainevententry
                 where globalindex > ? order by globalindex limit 5""",
                ((Number) before.get("last_event")).longValue());
        return events.isEmpty() ? "" : " new events " + events;
    }

    private void fail(HostileRequest request, Response response, String why) {
        failureCount++;
        if (failures.size() >= FAILURES_KEPT_MAX) {
            return;
        }
        failures.add("#" + (sent + 1) + " " + why + "\n  " + request.describe() + "\n  -> "
                + (response == null ? "nothing" : response.status() + " " + response.contentType() + " "
                        + HostileRequest.cut(response.raw().body())));
    }

    /** The first failures, each with its request; {@link #failureCount()} tells how many there were in all. */
    List<String> failures() {
        return failures;
    }

    int failureCount() {
        return failureCount;
    }

    List<String> issuedKeyIds() {
        return issuedKeyIds;
    }

    String summary() {
        StringBuilder text = new StringBuilder("HostileInputIT: ").append(sent).append(" requests in ")
                .append((System.nanoTime() - startedAt) / 1_000_000).append(" ms; statuses ").append(statuses)
                .append("\nrequests per endpoint and kind:");
        endpointKinds.forEach((key, count) -> text.append("\n  ").append(key).append(": ").append(count));
        return text.toString();
    }

    private static void count(Map<String, Integer> counts, String key) {
        counts.merge(key, 1, Integer::sum);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
