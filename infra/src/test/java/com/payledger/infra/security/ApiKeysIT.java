package com.payledger.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issuing, listing and revoking keys through the admin API, and what the service does with a key it is given. */
class ApiKeysIT extends LedgerHttpTest {

    private LedgerClient admin() {
        return client.withKey(LedgerClient.TEST_ADMIN_KEY);
    }

    @Test
    void givenAnIssuedClientKey_whenUsed_thenItActsForItsOwnerAndOnlyItsHashIsStored() {
        String owner = unique("owner");
        Response issued = admin().post("/api/v1/admin/api-keys", Map.of("role", "CLIENT", "ownerId", owner,
                "name", "wallet back end"));
        assertThat(issued.status()).isEqualTo(201);
        JsonNode body = issued.body();
        String key = body.get("key").asString();
        assertThat(key).startsWith("plk_").hasSizeGreaterThanOrEqualTo(47);
        assertThat(body.get("prefix").asString()).isEqualTo(key.substring(0, 12));
        assertThat(body.get("ownerId").asString()).isEqualTo(owner);
        assertThat(body.get("createdBy").asString()).startsWith("apikey:");
        assertThat(issued.raw().headers().firstValue("Location")).hasValue("/api/v1/admin/api-keys/"
                + body.get("id").asString());

        String account = unique("acc");
        assertThat(client.withKey(key).openAccount(account, "EUR", owner, null).status()).isEqualTo(201);
        assertThat(client.withKey(key).get("/api/v1/accounts/" + account).status()).isEqualTo(200);

        Response listed = admin().get("/api/v1/admin/api-keys");
        assertThat(listed.raw().body()).contains(body.get("id").asString()).doesNotContain(key)
                .as("12 characters of the secret an operator chose for the bootstrap key were listed")
                .doesNotContain(LedgerClient.TEST_ADMIN_KEY.substring(0, 5));
        Long plaintextRows = jdbc.queryForObject("select count(*) from security.api_keys k "
                + "where position(? in cast(row(k.*) as text)) > 0", Long.class, key);
        assertThat(plaintextRows).isZero();
        Long hashedRows = jdbc.queryForObject("select count(*) from security.api_keys "
                + "where secret_hash = sha256(convert_to(?, 'UTF8'))", Long.class, key);
        assertThat(hashedRows).isOne();
    }

    @Test
    void givenARevokedKey_whenUsed_thenUnauthenticatedAndRevokingAgainChangesNothing() {
        JsonNode issued = client.issue("AUDITOR", null);
        String id = issued.get("id").asString();
        LedgerClient auditor = client.withKey(issued.get("key").asString());
        assertThat(auditor.get("/api/v1/audit/events").status()).isEqualTo(200);

        // A UUID in upper case names the same key (a generated client may write it so).
        Response revoked = admin().delete("/api/v1/admin/api-keys/" + id.toUpperCase(java.util.Locale.ROOT));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body().get("id").asString()).isEqualTo(id);
        assertThat(revoked.body().get("revokedAt").isNull()).isFalse();
        Response refused = auditor.get("/api/v1/audit/events");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).startsWith("Bearer").contains("invalid_token"));

        Response again = admin().delete("/api/v1/admin/api-keys/" + id);
        assertThat(again.body().get("revokedAt").asString()).isEqualTo(revoked.body().get("revokedAt").asString());
        assertThat(admin().delete("/api/v1/admin/api-keys/" + java.util.UUID.randomUUID()).code())
                .isEqualTo("API_KEY_NOT_FOUND");
        // An id no key can have is a 400, as on every other path, not a key that is missing.
        for (String malformed : List.of(unique("none"), "a%20b", "%C3%A9", "x".repeat(5_000))) {
            Response invalid = admin().delete("/api/v1/admin/api-keys/" + malformed);
            assertThat(invalid.status()).as(malformed).isEqualTo(400);
            assertThat(invalid.code()).isEqualTo("INVALID_ID");
        }
    }

    @Test
    void givenBadIssueRequests_whenSent_thenEachIsA400WithItsCodeAndNoKeyIsStored() {
        Long keysBefore = jdbc.queryForObject("select count(*) from security.api_keys", Long.class);
        Map<String, Map<String, ?>> requests = new LinkedHashMap<>();
        requests.put("MISSING_FIELD", Map.of("name", "no role"));
        requests.put("INVALID_ROLE", Map.of("role", "ROOT"));
        requests.put("INVALID_OWNER_ID", Map.of("role", "CLIENT", "ownerId", "owner with spaces"));
        requests.put("OWNER_ID_NOT_ALLOWED", Map.of("role", "AUDITOR", "ownerId", "u-1"));
        requests.put("INVALID_NAME", Map.of("role", "ADMIN", "name", "n".repeat(201)));
        requests.put("UNKNOWN_FIELD", Map.of("role", "ADMIN", "scopes", "all"));
        requests.forEach((code, request) -> {
            Response refused = admin().post("/api/v1/admin/api-keys", request);
            assertThat(refused.status()).as(code).isEqualTo(400);
            assertThat(refused.code()).as(request.toString()).isEqualTo(code);
        });
        Response clientWithoutOwner = admin().post("/api/v1/admin/api-keys", Map.of("role", "CLIENT"));
        assertThat(clientWithoutOwner.code()).isEqualTo("MISSING_FIELD");
        assertThat(jdbc.queryForObject("select count(*) from security.api_keys", Long.class)).isEqualTo(keysBefore);
    }

    @Test
    void givenMalformedOrUnknownCredentials_whenSentAnywhere_thenUnauthenticated() {
        for (String header : new String[] {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "bearer plk_unknown",
                "Bearer plk_" + "x".repeat(43), "Bearer two words", "Bearer " + "k".repeat(600)}) {
            for (String path : new String[] {"/api/v1/accounts/any", "/actuator/health"}) {
                Response refused = client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                        .header("Authorization", header).GET());
                assertThat(refused.status()).as(header + " on " + path).isEqualTo(401);
                assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
            }
        }
    }

    @Test
    void givenTwoAuthorizationHeaders_whenSent_thenNeitherIsTaken() {
        // Both keys valid: a gateway that checked one and the service taking the first could act for two callers.
        for (String path : new String[] {"/api/v1/accounts/any", "/actuator/health"}) {
            Response refused = client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                    .header("Authorization", "Bearer " + LedgerClient.TEST_ADMIN_KEY)
                    .header("Authorization", "Bearer " + LedgerClient.TEST_ADMIN_KEY).GET());
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("UNAUTHENTICATED");
        }
    }

    @Test
    void givenTheBootstrapKey_whenTheServiceStartedManyTimesOnThisDatabase_thenItIsRegisteredOnce() {
        Long bootstrapKeys = jdbc.queryForObject("select count(*) from security.api_keys "
                + "where secret_hash = sha256(convert_to(?, 'UTF8'))", Long.class, LedgerClient.TEST_ADMIN_KEY);
        assertThat(bootstrapKeys).isOne();
        assertThat(jdbc.queryForObject("select role from security.api_keys "
                + "where secret_hash = sha256(convert_to(?, 'UTF8'))", String.class, LedgerClient.TEST_ADMIN_KEY))
                .isEqualTo("ADMIN");
    }

    @Test
    void givenAnyAnswer_thenItCarriesHeadersThatKeepBrowsersAway() {
        Response answer = client.get("/api/v1/accounts/" + unique("none"));
        assertThat(answer.status()).isEqualTo(404);
        assertKeepsBrowsersAway(answer);
        // Refusals written before Spring Security runs, or by Tomcat before the application sees the request, went
        // out without them (and Tomcat's without a request id).
        assertKeepsBrowsersAway(client.postRaw("/api/v1/transfers", "[" + "0,".repeat(40_000) + "0]",
                "application/json"), 413);
        assertKeepsBrowsersAway(client.postRaw("/api/v1/transfers", "{}", "application/json;charset=latin1"), 415);
        assertKeepsBrowsersAway(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                client.baseUrl() + "/api/v1/accounts/a")).header("Accept", "application/json;q=0")), 406);
        Response malformed = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                client.baseUrl() + "/api/v1/accounts/a%00b")));
        assertKeepsBrowsersAway(malformed, 400);
        assertThat(malformed.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(malformed.raw().headers().firstValue("X-Request-Id")).isPresent();
        // Refused by Spring Security's firewall, or by Tomcat (TRACE), and answered on the error page.
        assertKeepsBrowsersAway(client.get("/api/v1/accounts/a%25b"), 400);
        Response trace = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                + "/api/v1/transfers")).method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertKeepsBrowsersAway(trace, 405);
        assertThat(trace.raw().headers().firstValue("X-Request-Id")).isPresent();
    }

    private static void assertKeepsBrowsersAway(Response answer, int status) {
        assertThat(answer.status()).as(answer.raw().body()).isEqualTo(status);
        assertKeepsBrowsersAway(answer);
    }

    private static void assertKeepsBrowsersAway(Response answer) {
        var headers = answer.raw().headers();
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value)
                .contains("no-store"));
        assertThat(headers.firstValue("Content-Security-Policy"))
                .hasValue("default-src 'none'; frame-ancestors 'none'");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
