package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad request gets problem+json with a stable code and the documented status, and changes nothing:
 * not the event store, not the command-side tables, not the read models.
 */
class RejectedRequestsIT extends LedgerHttpTest {

    private String bank;
    private String alice;
    private String bob;
    private String yen;
    private String closed;

    @BeforeEach
    void accounts() {
        bank = unique("bank");
        alice = unique("alice");
        bob = unique("bob");
        yen = unique("yen");
        closed = unique("closed");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        client.openAccount(bob, "EUR", "u-2", null);
        client.openAccount(yen, "JPY", "u-3", null);
        client.openAccount(closed, "EUR", "u-4", null);
        client.post("/api/v1/accounts/" + closed + "/close");
        client.transfer(unique("fund"), bank, alice, 1_000, "EUR");
    }

    @Test
    void malformedInputIsA400() {
        expect(400, "MALFORMED_JSON", () -> client.postRaw("/api/v1/transfers", "{\"id\":", "application/json"));
        // A blank body is a missing one (it was INVALID_FIELD_TYPE, as if a field had been sent).
        expect(400, "UNREADABLE_BODY", () -> client.postRaw("/api/v1/transfers", " \r\n", "application/json"));
        // A field named twice: a gateway that checked the first amount must not see the service use the second.
        String twice = "{\"id\":\"dup\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + bob
                + "\",\"amount\":1,\"amount\":900,\"currency\":\"EUR\"}";
        expect(400, "MALFORMED_JSON", () -> client.postRaw("/api/v1/transfers", twice, "application/json"));
        // Two documents in one body are not one JSON text (it was INVALID_FIELD_TYPE, as if a field were wrong).
        String one = "{\"id\":\"two\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\"" + bob
                + "\",\"amount\":1,\"currency\":\"EUR\"}";
        expect(400, "MALFORMED_JSON", () -> client.postRaw("/api/v1/transfers", one + "{}", "application/json"));
        // A number beyond 64 bits names its field, as every other wrong type does.
        Response huge = client.postRaw("/api/v1/transfers", one.replace("\"amount\":1", "\"amount\":"
                + "99999999999999999999"), "application/json");
        assertThat(huge.code()).isEqualTo("INVALID_FIELD_TYPE");
        assertThat(huge.body().get("field").asString()).isEqualTo("amount");
        expect(400, "UNKNOWN_FIELD", () -> transfer(Map.of("surprise", 1)));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("amount", 1.5)));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("amount", "100")));
        expect(400, "INVALID_FIELD_TYPE",
                () -> transfer(Map.of("amount", new java.math.BigInteger("99999999999999999999"))));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("metadata", List.of("not", "an", "object"))));
        expect(400, "MISSING_FIELD", () -> client.post("/api/v1/transfers", without("amount")));
        expect(400, "MISSING_FIELD", () -> client.post("/api/v1/transfers", without("id")));
        expect(400, "INVALID_ID", () -> transfer(Map.of("id", "has space")));
        expect(400, "INVALID_ID", () -> transfer(Map.of("id", "x".repeat(65))));
        expect(400, "INVALID_ID", () -> transfer(Map.of("debitAccountId", "'; drop table accounts; --")));
        expect(400, "INVALID_CURRENCY", () -> transfer(Map.of("currency", "EURO")));
        expect(400, "INVALID_CURRENCY", () -> transfer(Map.of("currency", "ZZZ")));
        expect(400, "INVALID_TEXT", () -> transfer(Map.of("description", "x".repeat(501))));
        expect(400, "INVALID_METADATA", () -> transfer(Map.of("metadata", Map.of("k", "v".repeat(513)))));
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "eur")));
        expect(400, "INVALID_OWNER_ID", () -> open(Map.of("ownerId", "")));
        expect(400, "INVALID_ACCOUNT_TYPE", () -> open(Map.of("type", "SAVINGS")));
        expect(400, "INVALID_OVERDRAFT_LIMIT", () -> open(Map.of("overdraftLimit", -1)));
        expect(400, "INVALID_OVERDRAFT_LIMIT", () -> open(Map.of("type", "EXTERNAL", "overdraftLimit", 10)));
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.postRaw("/api/v1/transfers", "id=1", "text/plain"));
        String valid = "{\"id\":\"" + unique("t") + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\""
                + bob + "\",\"amount\":1,\"currency\":\"EUR\"}";
        expect(415, "UNSUPPORTED_MEDIA_TYPE",
                () -> client.postRaw("/api/v1/transfers", valid, "application/json-patch+json"));
        expect(415, "UNSUPPORTED_MEDIA_TYPE",
                () -> client.postRaw("/api/v1/transfers", valid, "application/vnd.anything+json"));
        assertThat(client.postRaw("/api/v1/transfers", valid, "application/json; charset=utf-8").status())
                .isEqualTo(201);
        // A Content-Type sent twice: Tomcat takes the first, and a gateway may have checked the other.
        String another = valid.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + unique("t") + "\"");
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.baseUrl() + "/api/v1/transfers")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + client.clientKey(client.accountOwner(alice)))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(another))));
        // A body labelled compressed is not read as if it were not.
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.baseUrl() + "/api/v1/transfers")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + client.clientKey(client.accountOwner(alice)))
                .header("Content-Encoding", "gzip").POST(java.net.http.HttpRequest.BodyPublishers.ofString(another))));
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                        + "/api/v1/transfers")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + client.clientKey("u-1")).header("Content-Encoding", "identity")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(another))).status()).isEqualTo(201);
        expect(400, "INVALID_LIMIT", () -> client.get("/api/v1/accounts/" + alice + "/entries?limit=501"));
        expect(400, "INVALID_LIMIT", () -> client.get("/api/v1/accounts/" + alice + "/entries?limit=abc"));
        expect(400, "INVALID_CURSOR", () -> client.get("/api/v1/accounts/" + alice + "/entries?cursor=not-a-cursor"));
        expect(400, "INVALID_TIMESTAMP", () -> client.get("/api/v1/accounts/" + alice + "/entries?from=yesterday"));
        expect(405, "METHOD_NOT_ALLOWED", () -> client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.get("/actuator/health").raw().uri().toString()
                        .replace("/actuator/health", "/api/v1/transfers/x"))).DELETE()));
    }

    @Test
    void mediaTypesSpringCannotParseOrThatAdmitNoJsonAreRefused() {
        String valid = "{\"id\":\"" + unique("t") + "\",\"debitAccountId\":\"" + alice + "\",\"creditAccountId\":\""
                + bob + "\",\"amount\":1,\"currency\":\"EUR\"}";
        String account = "/api/v1/accounts/" + alice;
        // A quoted media type made Spring's parser throw StringIndexOutOfBoundsException: a 500, before any key.
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.postRaw("/api/v1/transfers", valid, "\"application/json\""));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "\"application/json\""));
        expect(406, "NOT_ACCEPTABLE", () -> client.anonymous().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.baseUrl() + account)).header("Accept", "\"*/*\"")));
        // JSON between systems is UTF-8; a body labelled otherwise was read as UTF-8 anyway, and posted.
        expect(415, "UNSUPPORTED_MEDIA_TYPE",
                () -> client.postRaw("/api/v1/transfers", valid, "application/json; charset=utf-32"));
        expect(415, "UNSUPPORTED_MEDIA_TYPE",
                () -> client.postRaw("/api/v1/transfers", valid, "application/json; charset=no-such-charset"));
        // Reads answer application/json only: YAML and other JSON types were served, labelled as asked.
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/yaml"));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/problem+json"));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting("/api/v1/audit/export", "text/plain"));
        // q=0 is "not acceptable" (RFC 9110 12.4.2), which Spring ignored.
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/json;q=0"));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/json;q=0, application/yaml"));
        Response json = getAccepting(account, "text/html;q=0, application/json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        // The most specific range decides (RFC 9110 12.5.1): a wildcard beside it admitted what q=0 refused.
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/json;q=0, */*"));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/json;q=0, application/*"));
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting("/api/v1/audit/export", "application/x-ndjson;q=0, */*"));
        assertThat(getAccepting(account, "application/*;q=0, application/json").status()).isEqualTo(200);
        // A refused variant (a parameter of its own) is not what the API writes: plain JSON is still admitted.
        assertThat(getAccepting(account, "application/json;profile=x;q=0, application/json").status()).isEqualTo(200);
        expect(406, "NOT_ACCEPTABLE", () -> getAccepting(account, "application/json;charset=utf-8;q=0, */*"));
        // Answers are UTF-8. Asked for another charset, Spring ran the command and then failed to write the answer:
        // a 500 for a transfer that was posted. It is a 406 before anything runs; a wildcard beside it still admits.
        for (String foreign : List.of("application/json;charset=latin1", "application/json;charset=us-ascii",
                "application/json;charset=utf-16, text/html")) {
            String id = unique("charset");
            Response refused = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            client.baseUrl() + "/api/v1/transfers")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + client.clientKey(client.accountOwner(alice)))
                    .header("Accept", foreign).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            valid.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + id + "\""))));
            assertThat(refused.status()).as(foreign).isEqualTo(406);
            assertThat(refused.code()).isEqualTo("NOT_ACCEPTABLE");
            assertThat(client.get("/api/v1/transfers/" + id).status()).as("posted behind a refusal").isEqualTo(404);
        }
        // Sent as two Accept lines, the second was not looked at, and the transfer was posted behind a 500.
        String refusedId = unique("two-accepts");
        assertThat(postAccepting(valid, refusedId, "text/plain", "application/json;charset=utf-16").status())
                .isEqualTo(406);
        assertThat(client.get("/api/v1/transfers/" + refusedId).status()).isEqualTo(404);
        String admittedId = unique("two-accepts");
        Response admitted = postAccepting(valid, admittedId, "application/json", "application/json;charset=utf-16");
        assertThat(admitted.status()).as("JSON in UTF-8 admitted by the first line").isEqualTo(201);
        assertThat(admitted.body().get("id").asString()).isEqualTo(admittedId);
        Response utf8 = getAccepting(account, "application/json;charset=latin1, */*");
        assertThat(utf8.status()).isEqualTo(200);
        assertThat(utf8.contentType()).startsWith("application/json");
        // Only ASCII digits: Java also reads a fullwidth 1 as 1, and a cursor is a position this service issued.
        expect(400, "INVALID_LIMIT", () -> client.get(account + "/entries?limit=%EF%BC%91"));
        expect(400, "INVALID_LIMIT", () -> client.get(account + "/entries?limit=+5"));
        String minusOne = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("v1:-1".getBytes());
        expect(400, "INVALID_CURSOR", () -> client.get(account + "/entries?cursor=" + minusOne));
        expect(400, "INVALID_POSITION", () -> client.get("/api/v1/audit/events?after=%EF%BC%91"));
    }

    /** {@code transfer} posted under {@code id} with each of {@code accepts} as an Accept line of its own. */
    private Response postAccepting(String transfer, String id, String... accepts) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        client.baseUrl() + "/api/v1/transfers")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + client.clientKey(client.accountOwner(alice)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        transfer.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + id + "\"")));
        for (String accept : accepts) {
            request.header("Accept", accept);
        }
        return client.send(request);
    }

    private Response getAccepting(String path, String accept) {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl() + path))
                .header("Accept", accept));
    }

    @Test
    void blankTextWhereTheApiTakesANumberIsA400() {
        // Jackson reads blank text as null, so " " opened an account with no overdraft, or was a missing amount.
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("amount", " ")));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("amount", "\u0000")));
        expect(400, "INVALID_FIELD_TYPE", () -> open(Map.of("overdraftLimit", " ")));
        expect(400, "INVALID_FIELD_TYPE", () -> open(Map.of("overdraftLimit", "\t")));
        expect(400, "INVALID_FIELD_TYPE", () -> open(Map.of("overdraftLimit", "")));
    }

    @Test
    void numbersAndBooleansWhereTheApiTakesTextAreA400() {
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("id", 42424242)));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("description", 12.5)));
        expect(400, "INVALID_FIELD_TYPE", () -> transfer(Map.of("metadata", Map.of("vip", true))));
        expect(400, "INVALID_FIELD_TYPE", () -> open(Map.of("name", 7)));
        expect(400, "INVALID_FIELD_TYPE", () -> open(Map.of("ownerId", 123)));
    }

    /**
     * A query parameter the endpoint does not take, or takes only once, is refused as an unknown body field is: the
     * unfiltered answer, or a transfer made although the caller asked for a dry run, told nothing of it.
     */
    @Test
    void queryParametersAnEndpointDoesNotTakeOrGivenTwiceAreA400() {
        String entries = "/api/v1/accounts/" + alice + "/entries";
        expect(400, "UNKNOWN_PARAMETER", () -> client.get(entries + "?From=2030-01-01T00:00:00Z"));
        expect(400, "UNKNOWN_PARAMETER", () -> client.get("/api/v1/accounts/" + alice + "/balance?asof=2020-01-01"
                + "T00:00:00Z"));
        expect(400, "UNKNOWN_PARAMETER", () -> client.get("/api/v1/accounts/" + alice + "?x"));
        expect(400, "REPEATED_PARAMETER", () -> client.get(entries + "?limit=1&limit=2"));
        expect(400, "UNKNOWN_PARAMETER", () -> client.post("/api/v1/transfers?dryRun=true", Map.of("id",
                unique("t"), "debitAccountId", alice, "creditAccountId", bob, "amount", 10, "currency", "EUR")));
        Response named = client.get(entries + "?fr%6Fm=2030-01-01T00:00:00Z&limit=5&");
        assertThat(named.status()).as("names as decoded, empty pairs ignored: " + named.raw().body()).isEqualTo(200);
        assertThat(client.get(entries + "?Limit=1").body().get("field").asString()).isEqualTo("Limit");
    }

    @Test
    void accountsInCurrenciesWithoutMinorUnitsOrWithdrawnAreA400() {
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "XXX")));
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "XTS")));
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "XAU")));
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "XDR")));
        expect(400, "INVALID_CURRENCY", () -> open(Map.of("currency", "DEM")));
    }

    @Test
    void anActionThatTakesNoBodyRefusesOneThatSaysSomething() {
        String zero = unique("zero");
        client.openAccount(zero, "EUR", "u-5", null);
        String close = "/api/v1/accounts/" + zero + "/close";
        expect(400, "MALFORMED_JSON", () -> client.postRaw(close, "[[[", "application/json"));
        expect(400, "UNKNOWN_FIELD", () -> client.postRaw(close, "{\"force\":true}", "application/json"));
        expect(400, "INVALID_FIELD_TYPE", () -> client.postRaw(close, "[]", "application/json"));
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.postRaw(close, "please", "text/plain"));
        // A form would otherwise be read, and emptied, by Spring's form filter before anything saw it.
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.postRaw(close, "force=true",
                "application/x-www-form-urlencoded"));
        assertThat(client.get("/api/v1/accounts/" + zero).body().get("status").asString()).isEqualTo("OPEN");
        // What HTTP clients commonly send with a POST that has nothing to say is accepted.
        assertThat(client.postRaw(close, " {} ", "application/json").status()).isEqualTo(200);
        assertThat(client.postRaw(close, "null", "application/json").status()).isEqualTo(200);
        assertThat(client.post(close).status()).isEqualTo(200);
        // A body without a type is not JSON either.
        expect(415, "UNSUPPORTED_MEDIA_TYPE", () -> client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(client.baseUrl() + close))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"force\":true}"))));
    }

    @Test
    void theErrorPageAskedForDirectlyIsA404() {
        expect(404, "NOT_FOUND", () -> client.get("/error"));
        expect(404, "NOT_FOUND", () -> client.post("/error"));
    }

    /** Refusals forwarded to the error page named the page as their instance ("/error"), not the request. */
    @Test
    void aRefusalTheContainerForwardsNamesTheRequestRefused() {
        String traced = "/api/v1/accounts/" + alice;
        Response trace = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                + traced)).method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(trace.status()).isEqualTo(405);
        assertThat(trace.body().get("instance").asString()).isEqualTo(traced);
        String slashed = "/api/v1/accounts/a%2Fb";
        Response firewall = client.get(slashed);
        assertThat(firewall.status()).isEqualTo(400);
        assertThat(firewall.body().get("instance").asString()).isEqualTo(slashed);
    }

    @Test
    void unknownResourcesAreA404() {
        expect(404, "ACCOUNT_NOT_FOUND", () -> client.get("/api/v1/accounts/" + unique("nobody")));
        expect(404, "ACCOUNT_NOT_FOUND", () -> client.get("/api/v1/accounts/" + unique("nobody") + "/entries"));
        expect(404, "TRANSFER_NOT_FOUND", () -> client.get("/api/v1/transfers/" + unique("none")));
        expect(404, "ACCOUNT_NOT_FOUND", () -> client.post("/api/v1/accounts/" + unique("nobody") + "/close"));
        expect(404, "ACCOUNT_NOT_FOUND", () -> transfer(Map.of("creditAccountId", unique("nobody"))));
        expect(404, "NOT_FOUND", () -> client.get("/api/v1/nothing-here"));
        // Paging on from a sequence number does not make an unknown account's stream an empty page.
        expect(404, "ACCOUNT_NOT_FOUND", () -> client.get("/api/v1/audit/accounts/" + unique("nobody") + "/events"));
        expect(404, "ACCOUNT_NOT_FOUND", () -> client.get("/api/v1/audit/accounts/" + unique("nobody")
                + "/events?after=3"));
    }

    @Test
    void aPathIdThatNoIdCanEqualIsA400OnReadsAsOnWrites() {
        String tooLong = "x".repeat(65);
        for (String path : List.of("/api/v1/accounts/%s", "/api/v1/accounts/%s/entries",
                "/api/v1/accounts/%s/balance", "/api/v1/accounts/%s/forecast", "/api/v1/transfers/%s",
                "/api/v1/schedules/%s", "/api/v1/schedules/%s/occurrences",
                "/api/v1/schedules/%s/upcoming", "/api/v1/audit/accounts/%s/events")) {
            expect(400, "INVALID_ID", () -> client.get(path.formatted(tooLong)));
            expect(400, "INVALID_ID", () -> client.get(path.formatted("has%20space")));
        }
        expect(400, "INVALID_ID", () -> client.post("/api/v1/accounts/" + tooLong + "/close"));
        // A scheduled payment's transfer id is the ledger's own format: well formed, so unknown is a 404.
        expect(404, "TRANSFER_NOT_FOUND", () -> client.get("/api/v1/transfers/sched~" + unique("s") + "~2026-01-31"));
        // ... but no occurrence falls on a date that does not occur: that id is malformed.
        expect(400, "INVALID_ID", () -> client.get("/api/v1/transfers/sched~" + unique("s") + "~2026-02-30"));
    }

    @Test
    void reusedIdsAreA409() {
        String transferId = unique("t");
        assertThat(transfer(Map.of("id", transferId)).status()).isEqualTo(201);
        expect(409, "ID_REUSED_WITH_DIFFERENT_PAYLOAD", () -> transfer(Map.of("id", transferId, "amount", 11)));
        expect(409, "ID_REUSED_WITH_DIFFERENT_PAYLOAD", () -> transfer(Map.of("id", transferId, "description", "x")));
        expect(409, "ID_REUSED_WITH_DIFFERENT_PAYLOAD", () -> client.openAccount(alice, "USD", "u-1", null));
    }

    @Test
    void brokenBusinessRulesAreA422() {
        expect(422, "AMOUNT_MUST_BE_POSITIVE", () -> transfer(Map.of("amount", 0)));
        expect(422, "AMOUNT_MUST_BE_POSITIVE", () -> transfer(Map.of("amount", -5)));
        expect(422, "AMOUNT_TOO_LARGE", () -> transfer(Map.of("amount", Long.MAX_VALUE)));
        expect(422, "SAME_ACCOUNT", () -> transfer(Map.of("creditAccountId", alice)));
        expect(422, "ACCOUNT_CLOSED", () -> transfer(Map.of("creditAccountId", closed)));
        expect(422, "CURRENCY_MISMATCH", () -> transfer(Map.of("creditAccountId", yen)));
        expect(422, "CURRENCY_MISMATCH", () -> transfer(Map.of("currency", "USD")));
        expect(422, "EXCEEDS_AVAILABLE_BALANCE", () -> transfer(Map.of("amount", 1_001)));
        expect(422, "BALANCE_MUST_BE_ZERO", () -> client.post("/api/v1/accounts/" + alice + "/close"));
    }

    @Test
    void aRejectedTransferLeavesItsIdFree() {
        String transferId = unique("t");
        expect(422, "EXCEEDS_AVAILABLE_BALANCE", () -> transfer(Map.of("id", transferId, "amount", 5_000)));

        assertThat(transfer(Map.of("id", transferId, "amount", 500)).status()).isEqualTo(201);
    }

    /** A valid alice -> bob transfer of 10 EUR with {@code overrides} applied. */
    private Response transfer(Map<String, ?> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("id", unique("t"), "debitAccountId", alice,
                "creditAccountId", bob, "amount", 10, "currency", "EUR"));
        body.putAll(overrides);
        return client.post("/api/v1/transfers", body);
    }

    private Map<String, Object> without(String field) {
        Map<String, Object> body = new HashMap<>(Map.of("id", unique("t"), "debitAccountId", alice,
                "creditAccountId", bob, "amount", 10, "currency", "EUR"));
        body.remove(field);
        return body;
    }

    private Response open(Map<String, ?> overrides) {
        Map<String, Object> body = new HashMap<>(Map.of("id", unique("acc"), "currency", "EUR", "ownerId", "u-1"));
        body.putAll(overrides);
        return client.post("/api/v1/accounts", body);
    }

    private void expect(int status, String code, Supplier<Response> request) {
        Map<String, Long> before = footprint();
        Response response = request.get();
        assertThat(response.status()).as("status of %s", response.raw().uri()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).as("code of %s", response.raw().uri()).isEqualTo(code);
        assertThat(response.raw().body()).doesNotContain("Exception", "SQL", "\tat ");
        assertThat(footprint()).as("a rejected request changes nothing").isEqualTo(before);
    }

    private Map<String, Long> footprint() {
        return Map.of(
                "events", count("event_store.domainevententry"),
                "claims", count("command_side.transfer_requests"),
                "accounts", count("read_model.accounts"),
                "entries", count("read_model.account_entries"),
                "transfers", count("read_model.transfers"),
                "balance", jdbc.queryForObject("select coalesce(sum(posted_minor), 0) from read_model.accounts",
                        Long.class));
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }
}
