package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleVerifier;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The auditor's view of history: the trail, balances as of any instant, proofs, and drift detection. */
class AuditTrailIT extends LedgerHttpTest {

    @Test
    void givenTransfersOverTime_whenAskingForPastBalances_thenEachEqualsAnIndependentFold() {
        String bank = unique("bank");
        String alice = unique("alice");
        Instant beforeOpening = TestClock.INSTANCE.instant();
        TestClock.INSTANCE.advance(Duration.ofSeconds(1));
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        List<Instant> instants = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        long running = 0;
        for (int i = 1; i <= 5; i++) {
            TestClock.INSTANCE.advance(Duration.ofMinutes(1));
            client.transfer(unique("t"), bank, alice, i * 100L, "EUR");
            running += i * 100L;
            TestClock.INSTANCE.advance(Duration.ofSeconds(30));
            instants.add(TestClock.INSTANCE.instant());
            expected.add(running);
        }

        for (int i = 0; i < instants.size(); i++) {
            Response balance = client.get("/api/v1/accounts/" + alice + "/balance?asOf=" + instants.get(i));
            assertThat(balance.status()).isEqualTo(200);
            assertThat(balance.body().get("balance").get("posted").asLong()).isEqualTo(expected.get(i));
            assertThat(balance.body().get("sequenceNumber").asLong()).isEqualTo(i + 1);
        }
        assertThat(client.get("/api/v1/accounts/" + bank + "/balance?asOf=" + instants.get(4)).body()
                .get("balance").get("posted").asLong()).isEqualTo(-1500);
        assertThat(client.get("/api/v1/accounts/" + alice + "/balance?asOf=" + beforeOpening).code())
                .isEqualTo("ACCOUNT_NOT_FOUND");
        // Today's balance labelled with an instant to come would pass for a prediction.
        Response future = client.get("/api/v1/accounts/" + alice + "/balance?asOf="
                + TestClock.INSTANCE.instant().plus(Duration.ofMinutes(2)));
        assertThat(future.status()).as(future.raw().body()).isEqualTo(400);
        assertThat(future.code()).isEqualTo("INVALID_TIMESTAMP");
        Response aLittleAhead = client.get("/api/v1/accounts/" + alice + "/balance?asOf="
                + TestClock.INSTANCE.instant().plusSeconds(5));
        assertThat(aLittleAhead.status()).as("a caller's clock a little fast").isEqualTo(200);
    }

    @Test
    void givenConcurrentTransfersOnOneAccount_whenAskingForTheBalanceAsOfEachEntry_thenItIncludesThatEntry()
            throws Exception {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        // Eight clients on one account: transfers take their time, then queue for its lock. A time taken before the
        // lock was recorded after a later one, and the balance as of an entry's postedAt left the entry out.
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                String id = unique("t");
                long amount = 1 + i;
                sent.add(clients.submit(() -> client.transfer(id, bank, alice, amount, "EUR")));
            }
            for (Future<Response> response : sent) {
                assertThat(response.get().status()).isEqualTo(201);
            }
        } finally {
            clients.shutdown();
        }
        List<JsonNode> entries = new ArrayList<>();
        client.get("/api/v1/accounts/" + alice + "/entries?limit=500").body().get("items").forEach(entries::add);
        entries.sort(Comparator.comparingLong(entry -> entry.get("sequence").asLong()));
        assertThat(entries).hasSize(160);

        Map<String, Long> balanceAfterTheLastEntryAt = new LinkedHashMap<>();
        Instant previous = Instant.MIN;
        for (JsonNode entry : entries) {
            Instant postedAt = Instant.parse(entry.get("postedAt").asString());
            assertThat(postedAt).as("entry %s posted before the one ahead of it", entry.get("sequence"))
                    .isAfterOrEqualTo(previous);
            previous = postedAt;
            balanceAfterTheLastEntryAt.put(entry.get("postedAt").asString(), entry.get("balanceAfter").asLong());
        }
        balanceAfterTheLastEntryAt.forEach((postedAt, balanceAfter) -> assertThat(client.get("/api/v1/accounts/"
                + alice + "/balance?asOf=" + postedAt).body().get("balance").get("posted").asLong())
                .as("the balance as of %s", postedAt).isEqualTo(balanceAfter));
    }

    @Test
    void givenAStatementWindow_whenFoldingTheLogForIt_thenTheStatementIsReproducedExactly() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        for (int i = 1; i <= 6; i++) {
            TestClock.INSTANCE.advance(Duration.ofSeconds(10));
            client.transfer(unique("t"), i % 3 == 0 ? alice : bank, i % 3 == 0 ? bank : alice, i * 10L, "EUR");
        }
        JsonNode stream = AuditLog.awaitLogged(client, alice);
        String from = stream.get(2).get("payload").get("postedAt").asString();
        String to = stream.get(6).get("payload").get("postedAt").asString();

        JsonNode statement = client.get("/api/v1/accounts/" + alice + "/entries?from=" + from + "&to=" + to)
                .body().get("items");

        List<String> fromLog = new ArrayList<>();
        long balance = 0;
        for (JsonNode event : stream) {
            JsonNode payload = event.get("payload");
            if (!payload.has("transferId")) {
                continue;
            }
            long amount = payload.get("amount").get("amountMinor").asLong();
            balance += event.get("type").asString().endsWith("AccountDebited") ? -amount : amount;
            String postedAt = payload.get("postedAt").asString();
            if (postedAt.compareTo(from) >= 0 && postedAt.compareTo(to) < 0) {
                fromLog.add(0, payload.get("transferId").asString() + " " + balance);
            }
        }
        List<String> fromStatement = new ArrayList<>();
        statement.forEach(entry -> fromStatement.add(entry.get("transferId").asString() + " "
                + entry.get("balanceAfter").asLong()));
        assertThat(fromStatement).hasSize(4).containsExactlyElementsOf(fromLog);
    }

    @Test
    void givenLoggedEvents_whenProvingThem_thenProofsVerifyAgainstSignedCheckpoints() {
        String alice = unique("alice");
        client.openAccount(alice, "EUR", "u-1", null);
        JsonNode event = AuditLog.awaitLogged(client, alice).get(0);
        long position = event.get("position").asLong();
        JsonNode older = AuditLog.awaitCheckpoint(client, position + 1);
        // Who opened it: the API key of u-1's back end, as the key listing names it.
        String principal = event.get("metadata").get("principal").asString();
        assertThat(principal).startsWith("apikey:");
        JsonNode keyUsed = null;
        for (JsonNode key : client.get("/api/v1/admin/api-keys").body().get("items")) {
            if (principal.equals("apikey:" + key.get("id").asString())) {
                keyUsed = key;
            }
        }
        assertThat(keyUsed).isNotNull();
        assertThat(keyUsed.get("ownerId").asString()).isEqualTo("u-1");
        JsonNode listed = client.get("/api/v1/audit/events?after=" + (position - 1) + "&limit=1").body().get("items")
                .get(0);
        assertThat(listed.get("eventId").asString()).isEqualTo(event.get("eventId").asString());
        // An auditor recomputes the leaf from the listed fields alone, as LeafEncoding describes them.
        StoredEvent asListed = new StoredEvent(listed.get("globalIndex").asLong(), listed.get("eventId").asString(),
                listed.get("aggregateId").asString(), listed.get("sequenceNumber").asLong(),
                listed.get("aggregateType").asString(), listed.get("type").asString(),
                listed.get("payloadRevision").isNull() ? null : listed.get("payloadRevision").asString(),
                listed.get("timestamp").asString(),
                listed.get("storedPayload").asString().getBytes(StandardCharsets.UTF_8),
                listed.get("storedMetadata").asString().getBytes(StandardCharsets.UTF_8));
        assertThat(MerkleHashes.hex(MerkleHashes.leafHash(LeafEncoding.encode(asListed))))
                .isEqualTo(listed.get("leafHash").asString());
        // Nothing is after the largest position: adding one to it must not wrap round to the start of the log.
        JsonNode pastTheEnd = client.get("/api/v1/audit/events?after=" + Long.MAX_VALUE + "&limit=2").body();
        assertThat(pastTheEnd.get("items")).isEmpty();
        assertThat(pastTheEnd.get("next").isNull()).isTrue();

        client.openAccount(unique("bob"), "EUR", "u-2", null);
        JsonNode newer = AuditLog.awaitCheckpoint(client, older.get("treeSize").asLong() + 1);
        JsonNode inclusion = client.get("/api/v1/audit/proofs/inclusion?position=" + position + "&treeSize="
                + newer.get("treeSize").asLong()).body();
        JsonNode consistency = client.get("/api/v1/audit/proofs/consistency?from=" + older.get("treeSize").asLong()
                + "&to=" + newer.get("treeSize").asLong()).body();
        String key = client.get("/api/v1/audit/public-key").body().get("publicKey").asString();

        assertThat(inclusion.get("leafHash").asString()).isEqualTo(event.get("leafHash").asString());
        assertThat(MerkleVerifier.verifyInclusion(position, newer.get("treeSize").asLong(),
                MerkleHashes.fromHex(event.get("leafHash").asString()), hashes(inclusion.get("path")),
                MerkleHashes.fromHex(newer.get("rootHash").asString()))).isTrue();
        assertThat(MerkleVerifier.verifyConsistency(older.get("treeSize").asLong(), newer.get("treeSize").asLong(),
                MerkleHashes.fromHex(older.get("rootHash").asString()),
                MerkleHashes.fromHex(newer.get("rootHash").asString()), hashes(consistency.get("path")))).isTrue();
        assertThat(CheckpointFormat.verify(newer.get("treeSize").asLong(), newer.get("rootHash").asString(),
                Instant.parse(newer.get("timestamp").asString()), newer.get("signature").asString(),
                CheckpointFormat.publicKey(key))).isTrue();
    }

    @Test
    void givenAReadModelRowAltered_whenCheckingConsistency_thenTheDriftIsReported() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        client.transfer(unique("t"), bank, alice, 500, "EUR");
        assertThat(driftsOf(alice)).isEmpty();

        jdbc.update("update read_model.accounts set posted_minor = posted_minor + 1 where account_id = ?", alice);
        try {
            assertThat(driftsOf(alice)).containsExactly(Map.of("kind", "BALANCE", "subject", alice,
                    "fromEventStore", "500", "inReadModel", "501"));
        } finally {
            jdbc.update("update read_model.accounts set posted_minor = posted_minor - 1 where account_id = ?", alice);
        }
        assertThat(driftsOf(alice)).isEmpty();
        assertThat(client.get("/api/v1/audit/consistency").body().get("balanceSumsByCurrency").get("EUR").asLong())
                .isZero();
    }

    @Test
    void givenReadModelRowsAlteredBeyondTheBalance_whenCheckingConsistency_thenEachAlterationIsReported() {
        String bank = unique("bank");
        String alice = unique("alice");
        String pay = unique("t");
        String forged = unique("forged");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        client.transfer(pay, bank, alice, 500, "EUR");
        Map<String, Object> bankEntry = jdbc.queryForMap(
                "select * from read_model.account_entries where account_id = ? and sequence = 1", bank);
        List<String> subjects = List.of(alice + ".owner_id", alice + ".status", alice + "#1.amount_minor",
                bank + "#1", pay + ".amount_minor", forged);
        assertThat(driftsAbout(subjects)).isEmpty();

        // Only the balance and the version were compared: an owner changed (reads then leak to another owner), a
        // statement entry altered or lost, a transfer altered or slipped in all went unseen.
        jdbc.update("update read_model.accounts set owner_id = 'u-2', status = 'CLOSED' where account_id = ?", alice);
        jdbc.update("update read_model.account_entries set amount_minor = 499 where account_id = ? and sequence = 1",
                alice);
        jdbc.update("delete from read_model.account_entries where account_id = ? and sequence = 1", bank);
        jdbc.update("update read_model.transfers set amount_minor = 1 where transfer_id = ?", pay);
        jdbc.update("insert into read_model.transfers (transfer_id, debit_account_id, credit_account_id, amount_minor, "
                + "currency, metadata, posted_at) values (?, ?, ?, 7, 'EUR', '{}', now())", forged, bank, alice);
        try {
            assertThat(driftsAbout(subjects)).containsExactlyInAnyOrder(
                    List.of("ACCOUNT_FIELD", alice + ".owner_id", "u-1", "u-2"),
                    List.of("ACCOUNT_FIELD", alice + ".status", "OPEN", "CLOSED"),
                    List.of("ENTRY_FIELD", alice + "#1.amount_minor", "500", "499"),
                    List.of("ENTRY_MISSING_IN_READ_MODEL", bank + "#1", "present", "absent"),
                    List.of("TRANSFER_FIELD", pay + ".amount_minor", "500", "1"),
                    List.of("TRANSFER_UNKNOWN_TO_EVENT_STORE", forged, "absent", "present"));
            assertThat(client.get("/api/v1/audit/consistency").body().get("consistent").asBoolean()).isFalse();
        } finally {
            jdbc.update("update read_model.accounts set owner_id = 'u-1', status = 'OPEN' where account_id = ?", alice);
            jdbc.update("update read_model.account_entries set amount_minor = 500 where account_id = ? "
                    + "and sequence = 1", alice);
            jdbc.update("insert into read_model.account_entries (account_id, sequence, transfer_id, "
                    + "counterparty_account_id, amount_minor, currency, balance_after_minor, description, posted_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)", bankEntry.get("account_id"), bankEntry.get("sequence"),
                    bankEntry.get("transfer_id"), bankEntry.get("counterparty_account_id"),
                    bankEntry.get("amount_minor"), bankEntry.get("currency"), bankEntry.get("balance_after_minor"),
                    bankEntry.get("description"), bankEntry.get("posted_at"));
            jdbc.update("update read_model.transfers set amount_minor = 500 where transfer_id = ?", pay);
            jdbc.update("delete from read_model.transfers where transfer_id = ?", forged);
        }
        assertThat(driftsAbout(subjects)).isEmpty();
    }

    /**
     * The service's own role may insert into the audit tables, and a balance as of an instant starts from the newest
     * balance checkpoint recorded by then: one slipped in changed the account's past balances while nothing reported
     * it.
     */
    @Test
    void givenBalanceCheckpointsSlippedIn_whenCheckingConsistency_thenEachIsReported() {
        String bank = unique("bank");
        String alice = unique("alice");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(alice, "EUR", "u-1", null);
        client.transfer(unique("t"), bank, alice, 500, "EUR");
        Instant postedAt = Instant.parse(AuditLog.awaitLogged(client, alice).get(1).get("payload").get("postedAt")
                .asString());
        List<String> subjects = List.of(alice + "#1.posted_minor", alice + "#1.recorded_at", alice + "#7");
        assertThat(driftsAbout(subjects)).isEmpty();

        String insert = "insert into audit.balance_checkpoints (account_id, sequence_number, recorded_at, posted_minor)"
                + " values (?, ?, ?, ?)";
        jdbc.update(insert, alice, 1, Timestamp.from(postedAt.minusSeconds(1)), 123_456);
        try {
            assertThat(client.get("/api/v1/accounts/" + alice + "/balance").body().get("balance").get("posted")
                    .asLong()).as("what the checkpoint does to a past balance").isEqualTo(123_456);
            jdbc.update(insert, alice, 7, Timestamp.from(postedAt.minusSeconds(1)), 0);
            List<List<String>> drifts = driftsAbout(subjects);
            assertThat(drifts).hasSize(3).contains(
                    List.of("BALANCE_CHECKPOINT_FIELD", alice + "#1.posted_minor", "500", "123456"),
                    List.of("BALANCE_CHECKPOINT_UNKNOWN_TO_EVENT_STORE", alice + "#7", "absent", "present"));
            List<String> early = drifts.stream().filter(drift -> drift.get(1).endsWith(".recorded_at")).findFirst()
                    .orElseThrow();
            assertThat(early.get(0)).isEqualTo("BALANCE_CHECKPOINT_FIELD");
            assertThat(Instant.parse(early.get(2).replace("at or after ", ""))).isEqualTo(postedAt);
            assertThat(Instant.parse(early.get(3))).isEqualTo(postedAt.minusSeconds(1));
        } finally {
            TestDatabase.jdbc().update("delete from audit.balance_checkpoints where account_id = ?", alice);
        }
        assertThat(driftsAbout(subjects)).isEmpty();
    }

    /** The drifts whose subject is one of {@code subjects}, as kind, subject, event store's and read model's value. */
    private List<List<String>> driftsAbout(List<String> subjects) {
        List<List<String>> drifts = new ArrayList<>();
        client.get("/api/v1/audit/consistency").body().get("drifts").forEach(drift -> {
            if (subjects.contains(drift.get("subject").asString())) {
                drifts.add(List.of(drift.get("kind").asString(), drift.get("subject").asString(),
                        drift.get("fromEventStore").asString(), drift.get("inReadModel").asString()));
            }
        });
        return drifts;
    }

    private List<Map<String, String>> driftsOf(String accountId) {
        List<Map<String, String>> drifts = new ArrayList<>();
        client.get("/api/v1/audit/consistency").body().get("drifts").forEach(drift -> {
            if (accountId.equals(drift.get("subject").asString())) {
                drifts.add(Map.of("kind", drift.get("kind").asString(), "subject", accountId,
                        "fromEventStore", drift.get("fromEventStore").asString(),
                        "inReadModel", drift.get("inReadModel").asString()));
            }
        });
        return drifts;
    }

    private static List<byte[]> hashes(JsonNode path) {
        List<byte[]> hashes = new ArrayList<>();
        path.forEach(hash -> hashes.add(MerkleHashes.fromHex(hash.asString())));
        return hashes;
    }
}
