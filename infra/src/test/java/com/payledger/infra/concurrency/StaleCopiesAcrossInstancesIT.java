package com.payledger.infra.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database: each decides on the accounts in its own aggregate cache, which the other's writes
 * leave behind. A rule refused on such a copy must not be the answer: the committed state decides (before the fix
 * the transfer got 422 EXCEEDS_AVAILABLE_BALANCE and its identical retry 201; the close 422 BALANCE_MUST_BE_ZERO).
 */
class StaleCopiesAcrossInstancesIT {

    @Test
    void givenAccountsMovedThroughTheOtherInstance_whenThisOneDecides_thenTheCommittedBalancesDecide() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance one = ServiceInstance.start(database);
             ServiceInstance two = ServiceInstance.start(database)) {
            LedgerClient first = one.client();
            LedgerClient second = two.client();
            String bank = unique("bank");
            String alice = unique("alice");
            String bob = unique("bob");
            String carol = unique("carol");
            assertThat(first.openAccount(bank, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            // Instance one opens them all, so its cache holds each at balance 0.
            assertThat(first.openAccount(alice, "EUR", "u-a", null).status()).isEqualTo(201);
            assertThat(first.openAccount(bob, "EUR", "u-b", null).status()).isEqualTo(201);
            assertThat(first.openAccount(carol, "EUR", "u-c", null).status()).isEqualTo(201);
            assertThat(first.transfer(unique("fund"), bank, carol, 100, "EUR").status()).isEqualTo(201);

            assertThat(second.transfer(unique("fund"), bank, alice, 100, "EUR").status()).isEqualTo(201);
            assertThat(second.transfer(unique("drain"), carol, bank, 100, "EUR").status()).isEqualTo(201);

            Response pay = first.transfer(unique("pay"), alice, bob, 50, "EUR");
            assertThat(pay.status()).as("a transfer the committed balance covers: %s", pay.code()).isEqualTo(201);
            Response close = first.post("/api/v1/accounts/" + carol + "/close");
            assertThat(close.status()).as("a close at a committed zero balance: %s", close.code()).isEqualTo(200);
            Response tooMuch = first.transfer(unique("too-much"), alice, bob, 51, "EUR");
            assertThat(tooMuch.status()).isEqualTo(422);
            assertThat(tooMuch.code()).isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
            assertThat(second.postedBalance(alice)).isEqualTo(50);
            assertThat(second.postedBalance(bob)).isEqualTo(50);

            // The operator changes a limit on the version it read: this instance's copy is behind that version (the
            // refusal above evicted it, so a write caches it again first).
            assertThat(first.transfer(unique("fund"), bank, alice, 1, "EUR").status()).isEqualTo(201);
            assertThat(second.transfer(unique("fund"), bank, alice, 1, "EUR").status()).isEqualTo(201);
            String current = second.get("/api/v1/accounts/" + alice).raw().headers().firstValue("ETag").orElseThrow();
            Response granted = first.withKey(LedgerClient.TEST_ADMIN_KEY).send(HttpRequest.newBuilder(URI.create(
                    first.baseUrl() + "/api/v1/accounts/" + alice)).header("Content-Type", "application/json")
                    .header("If-Match", current).method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"overdraftLimit\":10}")));
            assertThat(granted.status()).as("a change on the committed version: %s", granted.code()).isEqualTo(200);
        }
    }

    @Test
    void givenAnAccountClosedThroughTheOtherInstance_whenThisOneSchedulesFromIt_thenRefusedAsClosed() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance one = ServiceInstance.start(database);
             ServiceInstance two = ServiceInstance.start(database)) {
            LedgerClient first = one.client();
            String alice = unique("alice");
            String bob = unique("bob");
            // Instance one opens both, so its cache holds alice open.
            assertThat(first.openAccount(alice, "EUR", "u-a", null).status()).isEqualTo(201);
            assertThat(first.openAccount(bob, "EUR", "u-b", null).status()).isEqualTo(201);
            assertThat(two.client().post("/api/v1/accounts/" + alice + "/close").status()).isEqualTo(200);

            // A creation writes nothing to the accounts, so nothing caught the stale copy: 201, then every payment
            // of the schedule failed as ACCOUNT_CLOSED.
            Response created = Schedules.create(first, Schedules.body(unique("s"), alice, bob, 100, "FREQ=DAILY",
                    Schedules.today().plusDays(1), "10:00", "UTC", Map.of()));
            assertThat(created.status()).as("%s", created.body()).isEqualTo(422);
            assertThat(created.code()).isEqualTo("ACCOUNT_CLOSED");
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
