package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator grants, changes and withdraws credit: a client may not open an account with an overdraft, so the
 * operator alone changes a limit, and what it changes holds for the next debit, in the read model and in the fold
 * an auditor checks it against.
 */
class OverdraftLimitIT extends LedgerHttpTest {

    /** On a database of its own: the audit's checks cover the whole ledger, which other tests tamper with. */
    @Test
    void givenAnAccount_whenTheOperatorChangesItsLimit_thenDebitsFollowTheNewLimitAndTheAuditAgrees() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-od", null);
            client.openAccount("bob", "EUR", "u-od2", null);
            LedgerClient admin = client.withKey(LedgerClient.TEST_ADMIN_KEY);

            assertThat(client.transfer("t-1", "alice", "bob", 400, "EUR").code())
                    .isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
            Response granted = admin.patch("/api/v1/accounts/alice", Map.of("overdraftLimit", 500));
            assertThat(granted.status()).isEqualTo(200);
            assertThat(granted.body().get("overdraftLimit").asLong()).isEqualTo(500);
            assertThat(granted.body().has("balance")).as("the operator reads no money").isFalse();
            assertThat(client.transfer("t-2", "alice", "bob", 400, "EUR").status()).isEqualTo(201);

            // Withdrawn below what the account owes: taken, and its debits wait until it is back within the limit.
            assertThat(admin.patch("/api/v1/accounts/alice", Map.of("overdraftLimit", 100)).status()).isEqualTo(200);
            long events = count(ledger);
            assertThat(admin.patch("/api/v1/accounts/alice", Map.of("overdraftLimit", 100)).status()).isEqualTo(200);
            assertThat(count(ledger)).as("the same limit again records nothing").isEqualTo(events);
            assertThat(client.get("/api/v1/accounts/alice").body().get("overdraftLimit").asLong()).isEqualTo(100);
            assertThat(client.transfer("t-3", "alice", "bob", 1, "EUR").code())
                    .isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
            assertThat(client.transfer("t-4", "bank", "alice", 350, "EUR").status()).isEqualTo(201);
            assertThat(client.transfer("t-5", "alice", "bob", 50, "EUR").status()).isEqualTo(201);
            assertThat(client.postedBalance("alice")).isEqualTo(-100);

            assertThat(client.get("/api/v1/audit/consistency").body().get("consistent").asBoolean()).isTrue();
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();
        }
    }

    private static long count(ServiceInstance ledger) {
        Long events = ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return events == null ? 0 : events;
    }

    @Test
    void givenCallersOtherThanTheOperatorOrAnAccountWithoutALimit_whenALimitIsChanged_thenRefusedAndNothingRecorded() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-od3", null);
        LedgerClient admin = client.withKey(LedgerClient.TEST_ADMIN_KEY);
        long events = eventCount();

        Response own = client.withKey(client.clientKey("u-od3")).patch("/api/v1/accounts/" + alice,
                Map.of("overdraftLimit", 1_000_000));
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.code()).isEqualTo("FORBIDDEN");
        assertThat(client.withKey(client.auditorKey()).patch("/api/v1/accounts/" + alice,
                Map.of("overdraftLimit", 1)).status()).isEqualTo(403);
        assertThat(admin.patch("/api/v1/accounts/" + bank, Map.of("overdraftLimit", 1)).code())
                .isEqualTo("NO_OVERDRAFT_ON_EXTERNAL_ACCOUNT");
        assertThat(admin.patch("/api/v1/accounts/" + unique("none"), Map.of("overdraftLimit", 1)).code())
                .isEqualTo("ACCOUNT_NOT_FOUND");
        assertThat(admin.patch("/api/v1/accounts/" + alice, Map.of("overdraftLimit", -1)).code())
                .isEqualTo("INVALID_OVERDRAFT_LIMIT");
        assertThat(admin.patch("/api/v1/accounts/" + alice, Map.of()).code()).isEqualTo("MISSING_FIELD");
        assertThat(eventCount()).isEqualTo(events);

        assertThat(client.post("/api/v1/accounts/" + alice + "/close").status()).isEqualTo(200);
        assertThat(admin.patch("/api/v1/accounts/" + alice, Map.of("overdraftLimit", 1)).code())
                .isEqualTo("ACCOUNT_CLOSED");
    }

    /** If-Match: the operator changes a limit on the version it saw, so a late retry cannot undo a later change. */
    @Test
    void givenTheAccountsETag_whenALimitIsChangedOnIt_thenOnlyWhileTheAccountIsAtThatVersion() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-od4", null);
        LedgerClient admin = client.withKey(LedgerClient.TEST_ADMIN_KEY);
        // The operator reads the version, and the limit, but no money; the auditor's read carries the same tag.
        Response read = admin.get("/api/v1/admin/accounts/" + alice);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().has("balance")).isFalse();
        assertThat(read.body().get("overdraftLimit").asLong()).isZero();
        String seen = etag(read);
        assertThat(seen).isEqualTo("\"" + read.body().get("version").asLong() + "\"")
                .isEqualTo(etag(client.get("/api/v1/accounts/" + alice)));
        assertThat(admin.get("/api/v1/accounts/" + alice).status()).isEqualTo(403);

        Response granted = admin.send(limit(alice, 500).header("If-Match", seen));
        assertThat(granted.status()).as(granted.raw().body()).isEqualTo(200);
        long grantedVersion = granted.body().get("version").asLong();
        assertThat(grantedVersion).isEqualTo(read.body().get("version").asLong() + 1);
        assertThat(etag(granted)).isEqualTo("\"" + grantedVersion + "\"");

        // Withdrawn; then the grant's late retry arrives: refused, and the withdrawal stands.
        assertThat(admin.patch("/api/v1/accounts/" + alice, Map.of("overdraftLimit", 0)).status()).isEqualTo(200);
        long events = eventCount();
        Response late = admin.send(limit(alice, 500).header("If-Match", seen));
        assertThat(late.status()).as(late.raw().body()).isEqualTo(412);
        assertThat(late.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(late.contentType()).startsWith("application/problem+json");
        assertThat(admin.send(limit(alice, 500).header("If-Match", "W/" + etag(client.get("/api/v1/accounts/"
                + alice)))).code()).as("a weak tag matches nothing").isEqualTo("PRECONDITION_FAILED");
        assertThat(admin.send(limit(alice, 500).header("If-Match", "7")).code()).isEqualTo("INVALID_IF_MATCH");
        assertThat(eventCount()).isEqualTo(events);
        assertThat(client.get("/api/v1/accounts/" + alice).body().get("overdraftLimit").asLong()).isZero();

        // Money moving in moves the version too; a change that finds the limit as it asked answers as the first time.
        assertThat(client.transfer(unique("t"), bank, alice, 10, "EUR").status()).isEqualTo(201);
        assertThat(admin.send(limit(alice, 0).header("If-Match", seen)).status()).isEqualTo(200);
        Response current = client.get("/api/v1/accounts/" + alice);
        assertThat(admin.send(limit(alice, 300).header("If-Match", "\"1\", " + etag(current))).status())
                .isEqualTo(200);
        assertThat(client.get("/api/v1/accounts/" + alice).body().get("overdraftLimit").asLong()).isEqualTo(300);

        // The same tag on a read: 304 while the account is unchanged.
        String now = etag(client.get("/api/v1/accounts/" + alice));
        Response unchanged = client.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/"
                + alice)).header("If-None-Match", now).GET());
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.raw().body()).isEmpty();
        // The headers a 200 would carry (RFC 9110, 15.4.5), which Spring Security leaves off a 304.
        assertThat(etag(unchanged)).isEqualTo(now);
        assertThat(unchanged.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
                assertThat(value).contains("no-store"));
    }

    private HttpRequest.Builder limit(String account, long overdraftLimit) {
        return HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/" + account))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"overdraftLimit\":" + overdraftLimit + "}"));
    }

    private static String etag(Response response) {
        return response.raw().headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: "
                + response.raw().headers().map()));
    }
}
