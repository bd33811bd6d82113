package com.payledger.infra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for the ledger's API, as API clients use it: every request carries a real API key.
 *
 * <p>By default it stands for every owner's back end at once: each request goes out with the key of the owner it acts
 * for (the ownerId of an account or schedule being opened; the owner of the account debited, closed or of the schedule
 * changed, as the ledger reports it), reads go out with an AUDITOR key, and /api/v1/admin and the opening of an
 * EXTERNAL account or of one with an overdraft limit with the ADMIN key. The keys are issued through the admin API with
 * the bootstrap key the test services start with. This routing only picks which real key to send; the service
 * authorizes every request itself. Security tests pin one key with {@link #withKey(String)} or none with {@link
 * #anonymous()}.
 */
public final class LedgerClient {

    /** The bootstrap ADMIN key every service a test starts is given. */
    public static final String TEST_ADMIN_KEY = "test-bootstrap-admin-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    /** The owner a request acts for when nothing in it names one. */
    public static final String DEFAULT_OWNER = "u-default";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ACCOUNT_PATH = Pattern.compile("/api/v1/accounts/([^/?]+)/close");
    /** The service's owner id format: a malformed one goes out as the default owner's, to be refused as input. */
    private static final Pattern OWNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,127}");
    private static final Pattern SCHEDULE_PATH = Pattern.compile("/api/v1/schedules/([^/?]+)(/[a-z-]+)?");
    /** Issued keys by service and owner ("" for the auditor), shared by every client of the JVM. */
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Null: route by request; empty: send no key; otherwise the key to send. */
    private final Optional<String> pinnedKey;
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    public LedgerClient(int port) {
        this("http://localhost:" + port);
    }

    public LedgerClient(String baseUrl) {
        this(baseUrl, null);
    }

    @SuppressWarnings("OptionalAssignedToNull")
    private LedgerClient(String baseUrl, Optional<String> pinnedKey) {
        this.baseUrl = baseUrl;
        this.pinnedKey = pinnedKey;
    }

    /** Where the service listens, such as http://localhost:8080. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A client that sends {@code key} with every request. */
    public LedgerClient withKey(String key) {
        return new LedgerClient(baseUrl, Optional.of(key));
    }

    /** A client that sends no key at all. */
    public LedgerClient anonymous() {
        return new LedgerClient(baseUrl, Optional.empty());
    }

    /**
     * Forgets the keys issued by whatever service listened at {@code baseUrl} before: a service started on a port an
     * earlier one used (its database gone or another) knows none of them, and each request would get a 401.
     */
    public static void forgetKeysOf(String baseUrl) {
        KEYS.keySet().removeIf(key -> key.startsWith(baseUrl + "|"));
    }

    /** A CLIENT key for {@code ownerId}, issued once per service. */
    public String clientKey(String ownerId) {
        return KEYS.computeIfAbsent(baseUrl + "|client|" + ownerId, k -> issueKey("CLIENT", ownerId));
    }

    public String auditorKey() {
        return KEYS.computeIfAbsent(baseUrl + "|auditor", k -> issueKey("AUDITOR", null));
    }

    /** Issues a new key through the admin API; fails the test unless the service answers 201. */
    public String issueKey(String role, String ownerId) {
        return issue(role, ownerId).get("key").asString();
    }

    /** Issues a new key through the admin API and returns the whole answer (id, key, prefix, role, ...). */
    public JsonNode issue(String role, String ownerId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role);
        if (ownerId != null) {
            body.put("ownerId", ownerId);
        }
        body.put("name", "test " + role.toLowerCase(java.util.Locale.ROOT) + (ownerId == null ? "" : " " + ownerId));
        Response issued = withKey(TEST_ADMIN_KEY).post("/api/v1/admin/api-keys", body);
        if (issued.status() != 201) {
            throw new IllegalStateException("issuing a " + role + " key answered " + issued.status() + " "
                    + issued.raw().body());
        }
        return issued.body();
    }

    public record Response(int status, JsonNode body, HttpResponse<String> raw) {

        public String code() {
            return body == null || body.get("code") == null ? null : body.get("code").asString();
        }

        public String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), keyFor("GET", path, null));
    }

    public Response post(String path, Map<String, ?> body) {
        return postRaw(path, JSON.writeValueAsString(body), "application/json");
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()),
                keyFor("POST", path, null));
    }

    public Response postRaw(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), keyFor("POST", path, body));
    }

    public Response patch(String path, Map<String, ?> body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                keyFor("PATCH", path, null));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), keyFor("DELETE", path, null));
    }

    /** Sends a request built by the test; without a key of its own it goes out as the default owner's. */
    public Response send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        return send(HttpRequest.newBuilder(built, (name, value) -> true),
                built.headers().firstValue("Authorization").isPresent() ? null
                        : keyFor(built.method(), built.uri().getPath(), ""));
    }

    private Response send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.setHeader("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : parse(response.body());
            return new Response(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The key a request goes out with: see the class comment. Null sends none. */
    private String keyFor(String method, String path, String body) {
        if (pinnedKey != null) {
            return pinnedKey.orElse(null);
        }
        if (path.startsWith("/api/v1/admin") || opensAccountWithCredit(method, path, body)) {
            return TEST_ADMIN_KEY;
        }
        if (method.equals("GET")) {
            return auditorKey();
        }
        return clientKey(actingOwner(path, body));
    }

    /** Only the operator's key opens EXTERNAL accounts and accounts with an overdraft limit. */
    private boolean opensAccountWithCredit(String method, String path, String body) {
        if (!method.equals("POST") || !path.equals("/api/v1/accounts") || body == null) {
            return false;
        }
        JsonNode json = parse(body);
        return json != null && json.isObject() && (json.get("type") != null
                && "EXTERNAL".equals(json.get("type").asString(""))
                || json.get("overdraftLimit") != null && json.get("overdraftLimit").isIntegralNumber()
                && json.get("overdraftLimit").asLong() > 0);
    }

    private String actingOwner(String path, String body) {
        Matcher account = ACCOUNT_PATH.matcher(path);
        if (account.matches()) {
            return ownerOf("/api/v1/accounts/", account.group(1));
        }
        Matcher schedule = SCHEDULE_PATH.matcher(path);
        if (schedule.matches()) {
            return ownerOf("/api/v1/schedules/", schedule.group(1));
        }
        JsonNode json = body == null ? null : parse(body);
        if (json != null && json.isObject()) {
            if (json.get("ownerId") != null && json.get("ownerId").isString()
                    && OWNER_ID.matcher(json.get("ownerId").asString()).matches()) {
                return json.get("ownerId").asString();
            }
            if (json.get("debitAccountId") != null && json.get("debitAccountId").isString()) {
                return ownerOf("/api/v1/accounts/", json.get("debitAccountId").asString());
            }
        }
        return DEFAULT_OWNER;
    }

    /** The owner of an account as the ledger reports it to an auditor; the default owner if there is none. */
    public String accountOwner(String accountId) {
        return ownerOf("/api/v1/accounts/", accountId);
    }

    /** The owner of an account or schedule as the ledger reports it to an auditor; the default owner if none. */
    private String ownerOf(String collection, String id) {
        String known = owners.get(collection + id);
        if (known != null) {
            return known;
        }
        Response found = withKey(auditorKey()).get(collection + java.net.URLEncoder.encode(id,
                java.nio.charset.StandardCharsets.UTF_8));
        if (found.status() != 200 || found.body().get("ownerId") == null) {
            // Not there (yet): the request will be refused as for any owner; remember nothing.
            return DEFAULT_OWNER;
        }
        String owner = found.body().get("ownerId").asString();
        owners.put(collection + id, owner);
        return owner;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    // --- the requests most tests need ---

    public Response openAccount(String id, String currency, String ownerId, String type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("currency", currency);
        body.put("ownerId", ownerId);
        if (type != null) {
            body.put("type", type);
        }
        return post("/api/v1/accounts", body);
    }

    public Response transfer(String id, String debitAccountId, String creditAccountId, long amount, String currency) {
        return post("/api/v1/transfers", Map.of("id", id, "debitAccountId", debitAccountId,
                "creditAccountId", creditAccountId, "amount", amount, "currency", currency));
    }

    public long postedBalance(String accountId) {
        Response account = get("/api/v1/accounts/" + accountId);
        if (account.status() != 200) {
            throw new IllegalStateException("GET account " + accountId + " answered " + account.status());
        }
        return account.body().get("balance").get("posted").asLong();
    }
}
