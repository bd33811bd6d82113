package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * A precondition sent with a change is evaluated or refused, never ignored: an account closed under an If-Match
 * naming a version it never had, and a limit changed under an If-None-Match naming its current version.
 */
class PreconditionsIT extends LedgerHttpTest {

    @Test
    void givenAnAccountsETag_whenItIsClosedOnIt_thenOnlyWhileTheAccountIsAtThatVersion() {
        String alice = unique("alice");
        client.openAccount(alice, "EUR", "u-pre", null);
        String current = etag(client.get("/api/v1/accounts/" + alice));

        Response refused = client.send(close(alice).header("If-Match", "\"77\""));
        assertThat(refused.status()).as(refused.raw().body()).isEqualTo(412);
        assertThat(refused.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(client.get("/api/v1/accounts/" + alice).body().get("status").asString()).isEqualTo("OPEN");

        Response malformed = client.send(close(alice).header("If-Match", "7"));
        assertThat(malformed.status()).as(malformed.raw().body()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("INVALID_IF_MATCH");
        assertThat(client.send(close(alice).header("If-Match", "\"77\"").header("If-Match", "7")).code())
                .as("a malformed second field").isEqualTo("INVALID_IF_MATCH");

        // Two If-Match fields are one list (RFC 9110, section 5.3): the current version in the second one matches.
        Response closed = client.send(close(alice).header("If-Match", "\"77\"").header("If-Match", current));
        assertThat(closed.status()).as(closed.raw().body()).isEqualTo(200);
        assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
        assertThat(etag(closed)).isEqualTo("\"" + closed.body().get("version").asLong() + "\"");
        assertThat(client.send(close(alice).header("If-Match", current)).status())
                .as("closed already: as the first time").isEqualTo(200);
    }

    @Test
    void givenAPreconditionAChangeDoesNotEvaluate_whenSent_thenRefusedAndNothingChanged() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-pre2", null);
        String current = etag(client.get("/api/v1/accounts/" + alice));
        LedgerClient admin = client.withKey(LedgerClient.TEST_ADMIN_KEY);
        long events = eventCount();

        for (String value : new String[] {current, "*"}) {
            String header = "If-None-Match";
            Response patched = admin.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/"
                    + alice)).header("Content-Type", "application/json").header(header, value)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"overdraftLimit\":5}")));
            assertThat(patched.status()).as(header + " " + patched.raw().body()).isEqualTo(400);
            assertThat(patched.code()).isEqualTo("UNSUPPORTED_PRECONDITION");
            assertThat(patched.body().get("field").asString()).isEqualTo(header);
        }
        Response transfer = client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/transfers"))
                .header("Content-Type", "application/json").header("If-Match", current)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + unique("t") + "\",\"debitAccountId\":\""
                        + bank + "\",\"creditAccountId\":\"" + alice + "\",\"amount\":5,\"currency\":\"EUR\"}")));
        assertThat(transfer.code()).as("a write that takes no If-Match").isEqualTo("UNSUPPORTED_PRECONDITION");
        Response opened = client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts"))
                .header("Content-Type", "application/json").header("If-None-Match", "*")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + alice + "\",\"currency\":\"EUR\","
                        + "\"ownerId\":\"u-pre2\"}")));
        assertThat(opened.code()).isEqualTo("UNSUPPORTED_PRECONDITION");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(client.get("/api/v1/accounts/" + alice).body().get("overdraftLimit").asLong()).isZero();
        // Meaningless on a write (RFC 9110): ignored, as the RFC asks.
        Response dated = admin.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/" + alice))
                .header("Content-Type", "application/json").header("If-Modified-Since", "Wed, 02 Dec 2026 10:00:00 GMT")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"overdraftLimit\":5}")));
        assertThat(dated.status()).as(dated.raw().body()).isEqualTo(200);
        assertThat(client.postedBalance(alice)).isZero();
    }

    /** The preconditions Spring leaves alone on a read: a false If-Match is 412, If-None-Match: * is 304. */
    @Test
    void givenAnAccountsETag_whenReadUnderPreconditions_thenEachIsEvaluated() {
        String alice = unique("alice");
        client.openAccount(alice, "EUR", "u-pre3", null);
        String current = etag(client.get("/api/v1/accounts/" + alice));

        Response stale = client.send(read(alice).header("If-Match", "\"77\""));
        assertThat(stale.status()).as(stale.raw().body()).isEqualTo(412);
        assertThat(stale.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(client.send(read(alice).header("If-Match", "\"77\", " + current)).status()).isEqualTo(200);
        assertThat(client.send(read(alice).header("If-Match", "*")).status()).isEqualTo(200);
        assertThat(client.send(read(alice).header("If-Match", "77")).code()).isEqualTo("INVALID_IF_MATCH");

        Response exists = client.send(read(alice).header("If-None-Match", "*"));
        assertThat(exists.status()).as(exists.raw().body()).isEqualTo(304);
        assertThat(exists.raw().body()).isEmpty();
        assertThat(etag(exists)).isEqualTo(current);
        assertThat(exists.raw().headers().firstValue("Cache-Control")).isPresent();
        assertThat(client.send(read(alice).header("If-None-Match", "\"77\"")).status()).isEqualTo(200);
    }

    private HttpRequest.Builder read(String account) {
        return HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/" + account)).GET();
    }

    private HttpRequest.Builder close(String account) {
        return HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/" + account + "/close"))
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    private static String etag(Response response) {
        return response.raw().headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: "
                + response.raw().headers().map()));
    }
}
