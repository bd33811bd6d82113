package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.cli.Commands;
import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.audit.log.BalanceHistory;
import com.payledger.query.audit.log.MerkleLogStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A superuser rewrites one stored event behind the append-only trigger's back. The service's own verification and
 * the auditor's offline verifier (the shipped jar, run as a process) both detect it and name the position; the
 * export the auditor took before the change still verifies.
 */
class TamperIT {

    @Test
    void givenAStoredEventRewrittenBySuperuser_whenVerified_thenBothVerifiersNameItsPosition() throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            for (int i = 1; i <= 5; i++) {
                client.transfer("t" + i, "bank", "alice", i * 100L, "EUR");
            }
            JsonNode alice = AuditLog.awaitLogged(client, "alice");
            long events = ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry",
                    Long.class);
            AuditLog.awaitCheckpoint(client, events);
            String key = client.get("/api/v1/audit/public-key").body().get("publicKey").asString();
            Path before = export(client, "before");
            assertThat(verify(before, key)).startsWith("OK: " + events + " events");
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();

            JsonNode third = alice.get(3);
            assertThat(third.get("payload").get("amount").get("amountMinor").asLong()).isEqualTo(300);
            rewriteAsSuperuser(database, third.get("globalIndex").asLong());

            JsonNode report = client.get("/api/v1/audit/verification").body();
            long position = third.get("position").asLong();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.get("firstBadPosition").asLong()).isEqualTo(position);
            Path after = export(client, "after");
            assertThat(verify(after, key)).isEqualTo("FAILED: position " + position
                    + ": the event does not hash to its leaf hash");
            assertThat(shippedVerifier(after, key)).contains("FAILED: position " + position);
            assertThat(verify(before, key)).as("the auditor's earlier copy").startsWith("OK:");
        }
    }

    @Test
    void givenTheNewestEventDeletedBySuperuser_whenVerified_thenItsPositionIsNamed() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            JsonNode newest = newestLoggedEventAfterOneCredit(client);

            asSuperuser(database, "delete from event_store.domainevententry where globalindex = "
                    + newest.get("globalIndex").asLong());

            JsonNode report = client.get("/api/v1/audit/verification").body();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.get("problem").asString()).contains("deleted");
            assertThat(report.get("firstBadPosition").asLong()).isEqualTo(newest.get("position").asLong());
        }
    }

    /**
     * A deleted event in the middle of a stream: a fold summed over the gap and told a balance without that leg, and
     * one starting at a checkpoint whose event is gone answered 500 INTERNAL_ERROR. Both are EVENT_STORE_UNREADABLE
     * naming the missing event, and the log goes on taking events in past the next checkpoint due, which it cannot
     * fold (it would have stopped there).
     */
    @Test
    void givenAnEventDeletedFromTheMiddleOfAStream_whenItsBalanceIsAsked_thenTheMissingEventIsNamed() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            long credited = newestLoggedEventAfterOneCredit(client).get("globalIndex").asLong();
            client.transfer("t2", "bank", "alice", 200, "EUR");
            AuditLog.awaitLogged(client, "alice");

            asSuperuser(database, "delete from event_store.domainevententry where globalindex = " + credited);
            assertBalanceNamesTheMissingEvent(client);
            asSuperuser(database, "insert into audit.balance_checkpoints (account_id, sequence_number, recorded_at, "
                    + "posted_minor) values ('alice', 1, '2000-01-01T00:00:00Z', 100)");
            assertBalanceNamesTheMissingEvent(client);

            for (int i = 3; i <= BalanceHistory.CHECKPOINT_EVERY; i++) {
                assertThat(client.transfer("t" + i, "bank", "alice", 1, "EUR").status()).isEqualTo(201);
            }
            long stored = ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry",
                    Long.class);
            Eventually.await(() -> ledger.jdbc().queryForObject("select count(*) from audit.merkle_leaves",
                    Long.class), leaves -> leaves == stored + 1, Duration.ofSeconds(30),
                    "the log to take in every event after the deletion");
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isFalse();
            assertThat(ledger.jdbc().queryForObject("select count(*) from audit.balance_checkpoints where "
                    + "account_id = 'alice'", Long.class)).as("none told through the gap").isOne();
            assertBalanceNamesTheMissingEvent(client);
        }
    }

    private static void assertBalanceNamesTheMissingEvent(LedgerClient client) {
        LedgerClient.Response balance = client.get("/api/v1/accounts/alice/balance");
        assertThat(balance.status()).as(balance.raw().body()).isEqualTo(500);
        assertThat(balance.body().get("code").asString()).isEqualTo("EVENT_STORE_UNREADABLE");
        assertThat(balance.body().get("detail").asString()).contains("no event 1 of account alice");
    }

    /**
     * An event inserted below the newest logged index with an old timestamp is exactly what a tracking processor
     * leaves behind when it gives a gap up too early: stored, never delivered, never logged.
     */
    @Test
    void givenAnEventStoredBehindTheLogsBack_whenVerifiedAndRepaired_thenItIsNamedThenLoggedAtTheEnd()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            long credited = newestLoggedEventAfterOneCredit(client).get("globalIndex").asLong();
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();

            asSuperuser(database, """
                    insert into event_store.domainevententry (globalindex, aggregateidentifier, sequencenumber, type,
                        eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)
                    select 0, 'slipped-in', 0, type, 'slipped-in-event', metadata, payload, payloadrevision,
                           payloadtype, '2020-01-01T00:00:00Z'
                      from event_store.domainevententry where globalindex = %d""".formatted(credited));

            JsonNode report = client.get("/api/v1/audit/verification").body();
            assertThat(report.get("intact").asBoolean()).isFalse();
            assertThat(report.get("firstUnloggedGlobalIndex").asLong()).isZero();
            assertThat(report.get("problem").asString()).contains("global index 0").contains("never logged");
            assertThat(report.get("leavesChecked").asLong()).as("every leaf still matches").isPositive();

            // The repair appends while the appender does: the writer lock keeps their positions apart.
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> transfers = writer.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    assertThat(client.transfer("during-" + i, "bank", "alice", 1, "EUR").status()).isEqualTo(201);
                }
            });
            JsonNode repaired = client.post("/api/v1/admin/audit-log/repair").body();
            transfers.get(60, TimeUnit.SECONDS);
            writer.shutdown();
            assertThat(repaired.get("appended").asInt()).as(repaired.toString()).isOne();
            assertThat(repaired.get("globalIndexes").get(0).asLong()).isZero();
            assertThat(repaired.get("more").asBoolean()).isFalse();
            long position = repaired.get("firstPosition").asLong();
            assertThat(position).as("a new leaf at the end").isGreaterThanOrEqualTo(report.get("leavesChecked")
                    .asLong());
            JsonNode leaf = client.get("/api/v1/audit/events?after=" + (position - 1) + "&limit=1").body();
            assertThat(leaf.get("items").get(0).get("eventId").asString()).isEqualTo("slipped-in-event");
            long stored = ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry",
                    Long.class);
            JsonNode after = Eventually.await(() -> client.get("/api/v1/audit/verification").body(),
                    verified -> verified.get("leavesChecked").asLong() >= stored, Duration.ofSeconds(30),
                    "the log to take the transfers in");
            assertThat(after.get("intact").asBoolean()).as(after.toString()).isTrue();
            assertThat(after.get("leavesChecked").asLong()).as("every stored event a leaf once").isEqualTo(stored);
            assertThat(client.post("/api/v1/admin/audit-log/repair").body().get("appended").asInt())
                    .as("nothing left to append").isZero();
        }
    }

    /**
     * The row's own timestamp is whatever the one who slips it in writes: dated in the future it was never reported,
     * and not a time at all it made the verification fail with a 500. A leaf above it under a checkpoint signed more
     * than five minutes ago shows it is no event still on its way to the log.
     */
    @Test
    void givenEventsSlippedInWithATimestampInTheFutureOrNoTime_whenVerified_thenEachIsNamedAsNeverLogged() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            long credited = newestLoggedEventAfterOneCredit(client).get("globalIndex").asLong();
            AuditLog.awaitCheckpoint(client, ledger.jdbc().queryForObject(
                    "select count(*) from event_store.domainevententry", Long.class));
            TestClock.INSTANCE.advance(MerkleLogStore.UNLOGGED_AFTER.plusMinutes(1));

            asSuperuser(database, slippedIn(0, "slipped-in-future", "2999-01-01T00:00:00Z", credited));
            JsonNode future = client.get("/api/v1/audit/verification").body();
            assertThat(future.get("intact").asBoolean()).as(future.toString()).isFalse();
            assertThat(future.get("firstUnloggedGlobalIndex").asLong()).isZero();

            asSuperuser(database, slippedIn(-1, "slipped-in-no-time", "not a time", credited));
            LedgerClient.Response noTime = client.get("/api/v1/audit/verification");
            assertThat(noTime.status()).as(noTime.raw().body()).isEqualTo(200);
            assertThat(noTime.body().get("firstUnloggedGlobalIndex").asLong()).isEqualTo(-1);
            LedgerClient.Response consistency = client.get("/api/v1/audit/consistency");
            assertThat(consistency.status()).as(consistency.raw().body()).isEqualTo(200);
            assertThat(consistency.body().get("consistent").asBoolean()).as("entries of a stream never opened")
                    .isFalse();

            asSuperuser(database, "delete from event_store.domainevententry where globalindex = -1");
            asSuperuser(database, "update event_store.domainevententry set payload = convert_to('{\"amount\": ', "
                    + "'UTF8') where globalindex = " + credited);
            assertUnreadableToTheConsistencyCheck(client, "json");
            assertTheTrailShowsItAsStored(ledger, client, credited);
        }
    }

    /**
     * The trail is how an auditor sees the altered event, so it must still show it (it answered 500): as stored, with
     * no parsed payload. A balance folded through it cannot be told, and says so under a code of its own.
     */
    private static void assertTheTrailShowsItAsStored(ServiceInstance ledger, LedgerClient client, long altered) {
        String account = ledger.jdbc().queryForObject("select aggregateidentifier from event_store.domainevententry "
                + "where globalindex = " + altered, String.class);
        for (String trail : List.of("/api/v1/audit/events?limit=500", "/api/v1/audit/accounts/" + account
                + "/events")) {
            LedgerClient.Response page = client.get(trail);
            assertThat(page.status()).as(page.raw().body()).isEqualTo(200);
            JsonNode event = StreamSupport.stream(page.body().get("items").spliterator(), false)
                    .filter(item -> item.get("globalIndex").asLong() == altered).findFirst().orElseThrow();
            assertThat(event.get("payload").isNull()).as(event.toString()).isTrue();
            assertThat(event.get("storedPayload").asString()).isEqualTo("{\"amount\": ");
        }
        LedgerClient.Response balance = client.get("/api/v1/accounts/" + account + "/balance");
        assertThat(balance.status()).as(balance.raw().body()).isEqualTo(500);
        assertThat(balance.body().get("code").asString()).isEqualTo("EVENT_STORE_UNREADABLE");
        assertThat(balance.body().get("detail").asString()).contains("global index " + altered);
    }

    /**
     * The consistency check folds the events with SQL, which stops at the first value it cannot read: a stored event
     * no longer an event is a finding of the check, not its failure (it answered 500).
     */
    private static void assertUnreadableToTheConsistencyCheck(LedgerClient client, String reason) {
        LedgerClient.Response consistency = client.get("/api/v1/audit/consistency");
        assertThat(consistency.status()).as(consistency.raw().body()).isEqualTo(200);
        assertThat(consistency.body().get("consistent").asBoolean()).isFalse();
        JsonNode drift = consistency.body().get("drifts").get(0);
        assertThat(drift.get("kind").asString()).isEqualTo("EVENT_STORE_UNREADABLE");
        assertThat(drift.get("fromEventStore").asString()).containsIgnoringCase(reason);
    }

    /**
     * Proofs and roots are served from the stored inner nodes: one changed made every proof through it fail offline
     * while the verification called the log intact, and one slipped in ahead of the leaves stops the appender, which
     * stores each node once.
     */
    @Test
    void givenStoredInnerNodesChangedOrSlippedIn_whenVerified_thenEachIsNamed() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            newestLoggedEventAfterOneCredit(client);
            String verification = "/api/v1/audit/verification";
            assertThat(client.get(verification).body().get("intact").asBoolean()).isTrue();
            String original = ledger.jdbc().queryForObject("select encode(hash, 'hex') from audit.merkle_nodes "
                    + "where level = 1 and node_index = 1", String.class);

            asSuperuser(database, "update audit.merkle_nodes set hash = sha256(hash) "
                    + "where level = 1 and node_index = 1");
            JsonNode changed = client.get(verification).body();
            assertThat(changed.get("intact").asBoolean()).as(changed.toString()).isFalse();
            assertThat(changed.get("firstBadPosition").asLong()).as("the first leaf under it").isEqualTo(2);
            assertThat(changed.get("problem").asString()).contains("node at level 1, index 1 differs");
            asSuperuser(database, "update audit.merkle_nodes set hash = decode('" + original + "', 'hex') "
                    + "where level = 1 and node_index = 1");
            assertThat(client.get(verification).body().get("intact").asBoolean()).isTrue();

            asSuperuser(database, "insert into audit.merkle_nodes (level, node_index, hash) "
                    + "values (3, 1000000, sha256('ahead'::bytea))");
            JsonNode ahead = client.get(verification).body();
            assertThat(ahead.get("intact").asBoolean()).as(ahead.toString()).isFalse();
            assertThat(ahead.get("problem").asString()).contains("level 3, index 1000000");
            asSuperuser(database, "delete from audit.merkle_nodes where level = 3 and node_index = 1000000");

            asSuperuser(database, "delete from audit.merkle_nodes where level = 1 and node_index = 0");
            assertThat(client.get(verification).body().get("problem").asString())
                    .contains("node at level 1, index 0 is not stored");
        }
    }

    /**
     * The unlogged-event check looks below the newest logged event only: a log whose appender stopped vouched for
     * nothing stored since, while the verification still called it intact.
     */
    @Test
    void givenTheAppenderStopped_whenEventsStoredMinutesAgoAreStillUnlogged_thenTheLogIsNotIntactUntilItResumes() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            newestLoggedEventAfterOneCredit(client);
            TrackingEventProcessor appender = ledger.context().getBean(EventProcessingConfiguration.class)
                    .eventProcessor("audit-merkle-log", TrackingEventProcessor.class).orElseThrow();
            appender.shutDown();
            client.transfer("t2", "bank", "alice", 200, "EUR");
            long stalled = ledger.jdbc().queryForObject("select max(globalindex) from event_store.domainevententry "
                    + "where aggregateidentifier = 'bank'", Long.class);
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean())
                    .as("just stored: maybe still on its way").isTrue();

            TestClock.INSTANCE.advance(MerkleLogStore.UNLOGGED_AFTER.plusMinutes(1));
            JsonNode behind = client.get("/api/v1/audit/verification").body();
            assertThat(behind.get("intact").asBoolean()).as(behind.toString()).isFalse();
            assertThat(behind.get("firstUnloggedGlobalIndex").asLong()).isLessThanOrEqualTo(stalled);
            assertThat(behind.get("problem").asString()).contains("has not taken in");

            appender.start();
            Eventually.await(() -> client.get("/api/v1/audit/verification").body(),
                    report -> report.get("intact").asBoolean(), Duration.ofSeconds(30), "the log to catch up");
        }
    }

    /** A copy of the event at {@code copied}, stored at {@code globalIndex} with the given timestamp text. */
    private static String slippedIn(long globalIndex, String eventIdentifier, String timestamp, long copied) {
        return """
                insert into event_store.domainevententry (globalindex, aggregateidentifier, sequencenumber, type,
                    eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)
                select %d, 'slipped-in', %d, type, '%s', metadata, payload, payloadrevision, payloadtype, '%s'
                  from event_store.domainevententry where globalindex = %d"""
                .formatted(globalIndex, globalIndex + 1, eventIdentifier, timestamp, copied);
    }

    /** A bank, alice and one transfer between them; returns alice's newest event once the log has it. */
    private static JsonNode newestLoggedEventAfterOneCredit(LedgerClient client) {
        client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
        client.openAccount("alice", "EUR", "u-1", null);
        client.transfer("t1", "bank", "alice", 100, "EUR");
        JsonNode alice = AuditLog.awaitLogged(client, "alice");
        return alice.get(alice.size() - 1);
    }

    /** Bypasses the append-only trigger the way only a superuser can, and lowers a credit from 300 to 30. */
    private static void rewriteAsSuperuser(String database, long globalIndex) {
        asSuperuser(database, """
                update event_store.domainevententry
                   set payload = convert_to(replace(convert_from(payload, 'UTF8'), '"amountMinor":300',
                                                    '"amountMinor":30'), 'UTF8')
                 where globalindex = %d""".formatted(globalIndex));
    }

    private static void asSuperuser(String database, String statement) {
        TestDatabase.asSuperuser(database, statement);
    }

    private static Path export(LedgerClient client, String name) throws IOException {
        Path file = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "export-" + name, ".ndjson");
        Files.writeString(file, client.get("/api/v1/audit/export").raw().body());
        return file;
    }

    private static String verify(Path export, String key) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = Commands.run(new String[] {"verify-export", export.toString(), "--public-key", key},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        String text = output.toString(StandardCharsets.UTF_8).trim();
        assertThat(exit).as(text).isEqualTo(text.startsWith("OK:") ? 0 : 1);
        return text;
    }

    /** The verifier as an auditor runs it: the shipped jar, its own process, no service in reach. */
    private static String shippedVerifier(Path export, String key) throws Exception {
        String jar = System.getProperty("payledger.jar", "target/payledger.jar");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar, "verify-export", export.toString(), "--public-key", key).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        return output;
    }
}
