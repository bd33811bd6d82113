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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the ledger's API, as an API client would use it. */
public final class LedgerClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LedgerClient(int port) {
        this("http://localhost:" + port);
    }

    public LedgerClient(String baseUrl) {
        this.baseUrl = baseUrl;
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
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Response post(String path, Map<String, ?> body) {
        return postRaw(path, JSON.writeValueAsString(body), "application/json");
    }

    public Response post(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response postRaw(String path, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response send(HttpRequest.Builder request) {
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
