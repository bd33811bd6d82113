package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The ledger's happy path and idempotency, through real HTTP against real PostgreSQL. */
class AccountsAndTransfersIT extends LedgerHttpTest {

    @Test
    void givenFundedAccount_whenTransferring_thenBothLegsAreVisibleImmediately() {
        String bank = unique("bank");
        String alice = unique("alice");
        String bob = unique("bob");
        assertThat(client.openAccount(bank, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        Response opened = client.post("/api/v1/accounts", Map.of("id", alice, "currency", "EUR", "ownerId", "u-1",
                "name", "Alice", "metadata", Map.of("tier", "gold")));
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.raw().headers().firstValue("Location")).hasValue("/api/v1/accounts/" + alice);
        assertThat(opened.body().get("status").asString()).isEqualTo("OPEN");
        assertThat(opened.body().get("type").asString()).isEqualTo("STANDARD");
        assertThat(opened.body().get("overdraftLimit").asLong()).isZero();
        assertThat(client.openAccount(bob, "EUR", "u-2", null).status()).isEqualTo(201);

        assertThat(client.transfer(unique("deposit"), bank, alice, 10_000, "EUR").status()).isEqualTo(201);
        Response payment = client.post("/api/v1/transfers", Map.of("id", unique("pay"), "debitAccountId", alice,
                "creditAccountId", bob, "amount", 2_500, "currency", "EUR", "description", "rent",
                "metadata", Map.of("invoice", "INV-7")));

        assertThat(payment.status()).isEqualTo(201);
        assertThat(payment.body().get("status").asString()).isEqualTo("POSTED");
        JsonNode aliceView = client.get("/api/v1/accounts/" + alice).body();
        assertThat(aliceView.get("balance").get("posted").asLong()).isEqualTo(7_500);
        assertThat(aliceView.get("balance").get("pending").asLong()).isZero();
        assertThat(aliceView.get("balance").get("available").asLong()).isEqualTo(7_500);
        assertThat(aliceView.get("version").asLong()).isEqualTo(2);
        assertThat(aliceView.get("metadata").get("tier").asString()).isEqualTo("gold");
        assertThat(client.postedBalance(bob)).isEqualTo(2_500);
        assertThat(client.postedBalance(bank)).isEqualTo(-10_000);

        Response transfer = client.get("/api/v1/transfers/" + payment.body().get("id").asString());
        assertThat(transfer.status()).isEqualTo(200);
        assertThat(transfer.body()).isEqualTo(payment.body());
    }

    @Test
    void givenPostedTransfer_whenTheIdenticalRequestIsRetried_thenTheOriginalAnswerComesBackAndNothingIsWritten() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        Map<String, Object> request = Map.of("id", unique("t"), "debitAccountId", bank, "creditAccountId", alice,
                "amount", 700, "currency", "EUR", "description", "top-up");
        Response first = client.post("/api/v1/transfers", request);
        long events = eventCount();

        Response retry = client.post("/api/v1/transfers", request);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(eventCount()).isEqualTo(events);
        assertThat(client.postedBalance(alice)).isEqualTo(700);
    }

    @Test
    void givenAccount_whenTheIdenticalOpenIsRetried_thenTheSameAccountComesBackAndNothingIsWritten() {
        String id = unique("acc");
        Response first = client.openAccount(id, "JPY", "u-9", null);
        long events = eventCount();

        Response retry = client.openAccount(id, "JPY", "u-9", null);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void givenAccountWithoutId_whenOpened_thenAnIdIsGenerated() {
        Response opened = client.post("/api/v1/accounts", Map.of("currency", "USD", "ownerId", "u-3"));

        assertThat(opened.status()).isEqualTo(201);
        String id = opened.body().get("id").asString();
        assertThat(client.get("/api/v1/accounts/" + id).status()).isEqualTo(200);
    }

    @Test
    void givenZeroBalance_whenClosed_thenClosedAndClosingAgainChangesNothing() {
        String id = unique("acc");
        client.openAccount(id, "EUR", "u-1", null);

        Response closed = client.post("/api/v1/accounts/" + id + "/close");
        long events = eventCount();
        Response again = client.post("/api/v1/accounts/" + id + "/close");

        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
        assertThat(again.status()).isEqualTo(200);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(client.get("/api/v1/accounts/" + id).body().get("status").asString()).isEqualTo("CLOSED");
    }

    @Test
    void givenManyEntries_whenPagingTheStatement_thenNewestFirstWithoutGapsOrRepeats() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        for (int i = 1; i <= 7; i++) {
            assertThat(client.transfer(unique("t" + i), bank, alice, i * 100L, "EUR").status()).isEqualTo(201);
        }

        List<Long> amounts = new java.util.ArrayList<>();
        List<Long> balances = new java.util.ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = client.get("/api/v1/accounts/" + alice + "/entries?limit=3"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().get("items").forEach(item -> {
                amounts.add(item.get("amount").asLong());
                balances.add(item.get("balanceAfter").asLong());
                assertThat(item.get("counterpartyAccountId").asString()).isEqualTo(bank);
                assertThat(item.get("direction").asString()).isEqualTo("CREDIT");
            });
            JsonNode next = page.body().get("nextCursor");
            cursor = next == null || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(amounts).containsExactly(700L, 600L, 500L, 400L, 300L, 200L, 100L);
        assertThat(balances).containsExactly(2800L, 2100L, 1500L, 1000L, 600L, 300L, 100L);
    }

    @Test
    void givenEntries_whenFilteringByTime_thenOnlyTheWindowIsReturned() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        client.transfer(unique("early"), bank, alice, 100, "EUR");
        String boundary = client.transfer(unique("late"), bank, alice, 200, "EUR").body().get("postedAt").asString();
        client.transfer(unique("later"), bank, alice, 300, "EUR");

        JsonNode fromBoundary = client.get("/api/v1/accounts/" + alice + "/entries?from=" + boundary).body();
        JsonNode beforeBoundary = client.get("/api/v1/accounts/" + alice + "/entries?to=" + boundary).body();

        assertThat(fromBoundary.get("items").size()).isEqualTo(2);
        assertThat(beforeBoundary.get("items").size()).isEqualTo(1);
        assertThat(beforeBoundary.get("items").get(0).get("amount").asLong()).isEqualTo(100);
        // Times are kept to the microsecond. A bound a nanosecond past one lies strictly after it: an entry at that
        // microsecond is before "from" and before "to". Rounded to the nearest microsecond, it was the reverse.
        String justAfter = java.time.Instant.parse(boundary).plusNanos(1).toString();
        String halfAfter = java.time.Instant.parse(boundary).plusNanos(499).toString();
        for (String bound : List.of(justAfter, halfAfter)) {
            assertThat(amounts(alice, "from=" + bound)).as("from " + bound).containsExactly(300L);
            assertThat(amounts(alice, "to=" + bound)).as("to " + bound).containsExactly(200L, 100L);
        }
        assertThat(amounts(alice, "to=9999-12-31T23:59:59.999999999Z")).containsExactly(300L, 200L, 100L);
    }

    private List<Long> amounts(String account, String query) {
        Response page = client.get("/api/v1/accounts/" + account + "/entries?" + query);
        assertThat(page.status()).as(query).isEqualTo(200);
        List<Long> amounts = new java.util.ArrayList<>();
        page.body().get("items").forEach(item -> amounts.add(item.get("amount").asLong()));
        return amounts;
    }

    @Test
    void givenRequestId_whenATransferIsPosted_thenEveryEventCarriesWhoWhyAndWhichRequest() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        String transferId = unique("t");
        JsonNode key = client.issue("CLIENT", "treasury");
        Response posted = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(client.baseUrl() + "/api/v1/transfers"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key.get("key").asString())
                .header("X-Request-Id", "req-" + transferId)
                .header("X-Correlation-Id", "corr-" + transferId)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"id":"%s","debitAccountId":"%s","creditAccountId":"%s","amount":5,"currency":"EUR"}"""
                        .formatted(transferId, bank, alice))));
        assertThat(posted.status()).isEqualTo(201);
        assertThat(posted.raw().headers().firstValue("X-Request-Id")).hasValue("req-" + transferId);

        List<String> metadata = jdbc.queryForList("""
                select convert_from(metadata, 'UTF8') from event_store.domainevententry
                 where aggregateidentifier in (?, ?) and sequencenumber = 1""", String.class, bank, alice);

        assertThat(metadata).hasSize(2).allSatisfy(json -> assertThat(json)
                .contains("\"requestId\":\"req-" + transferId + "\"")
                .contains("\"correlationId\":\"corr-" + transferId + "\"")
                .contains("\"principal\":\"apikey:" + key.get("id").asString() + "\"")
                .contains("\"causationId\""));
    }
}
