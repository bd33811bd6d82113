package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.command.account.Account;
import com.payledger.command.account.AccountState;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Account snapshots through the real service: taken every {@value #THRESHOLD} events here, read back with every field
 * when the cache no longer holds the account or the service starts again, and skipped, not trusted, when they are of
 * another revision or do not read back.
 */
class AccountSnapshotsIT {

    private static final int THRESHOLD = 5;
    private static ServiceInstance ledger;
    private static LedgerClient client;
    private static JdbcTemplate superuser;
    private static String bank;

    @BeforeAll
    static void start() {
        String database = TestDatabase.newDatabase();
        ledger = ServiceInstance.start(database, Map.of("payledger.snapshots.threshold", String.valueOf(THRESHOLD)));
        client = ledger.client();
        superuser = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword()));
        bank = unique("bank");
        assertThat(client.openAccount(bank, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void givenMoreEventsThanTheThreshold_whenTheCacheNoLongerHoldsTheAccount_thenItLoadsFromItsSnapshot() {
        String alice = openGoldAccount();
        String bob = unique("bob");
        client.openAccount(bob, "EUR", "u-2", null);
        fund(alice, 1_000);
        for (int i = 0; i < 6; i++) {
            assertThat(client.transfer(unique("t"), alice, bob, 10, "EUR").status()).isEqualTo(201);
        }
        long snapshotAt = awaitSnapshot(alice, THRESHOLD - 1);
        assertThat(superuser.queryForObject("select payloadrevision from event_store.snapshotevententry "
                + "where aggregateidentifier = ? and sequencenumber = ?", String.class, alice, snapshotAt))
                .as("stored under the class's revision, which a changed class will not accept")
                .isEqualTo(Account.SNAPSHOT_REVISION);

        DomainEventMessage<?> first = ledger.context().getBean(EventStore.class).readEvents(alice).next();
        assertThat(first.getSequenceNumber()).isEqualTo(snapshotAt);
        assertThat(first.getPayload()).isInstanceOf(Account.class);
        long balanceThen = 1_000 - 10 * (snapshotAt - 1);
        assertThat(((Account) first.getPayload()).state(snapshotAt)).as("every field of the account, read back")
                .isEqualTo(new AccountState(alice, "u-1", AccountType.STANDARD, true, Money.of(balanceThen, "EUR"),
                        Money.of(300, "EUR"), "Alice", Map.of("tier", "gold"), snapshotAt));

        // The task counts as finished just after its row was stored.
        Eventually.await(() -> client.withKey(LedgerClient.TEST_ADMIN_KEY)
                .get("/actuator/metrics/payledger.snapshots.finished").body().get("measurements").get(0)
                .get("value").asDouble(), finished -> finished >= 1, Duration.ofSeconds(10), "a finished snapshot");
        assertThat(client.withKey(LedgerClient.TEST_ADMIN_KEY).get("/actuator/metrics/payledger.snapshots.queued")
                .status()).isEqualTo(200);

        forgetCachedAccounts();
        // 940 posted and an overdraft of 300: 1,241 is one too many, 1,240 is exactly the floor.
        assertThat(client.transfer(unique("t"), alice, bob, 1_241, "EUR").code())
                .isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
        forgetCachedAccounts();
        assertThat(client.transfer(unique("t"), alice, bob, 1_240, "EUR").status()).isEqualTo(201);
        assertThat(client.postedBalance(alice)).isEqualTo(-300);
        forgetCachedAccounts();
        assertThat(client.post("/api/v1/accounts/" + alice + "/close").code()).isEqualTo("BALANCE_MUST_BE_ZERO");
    }

    @Test
    void givenASnapshotOfAnotherRevisionOrOneThatDoesNotReadBack_whenTheAccountIsLoaded_thenItsEventsAreUsed() {
        String carol = openGoldAccount();
        fund(carol, 100);
        for (int i = 0; i < 6; i++) {
            client.transfer(unique("t"), bank, carol, 1, "EUR");
        }
        long snapshotAt = awaitSnapshot(carol, THRESHOLD - 1);
        // The real snapshot, but with a balance at the overdraft's floor, under a revision the class does not have:
        // were it used, the transfer below would be refused.
        forgeSnapshot(carol, snapshotAt, """
                convert_to(regexp_replace(convert_from(payload, 'UTF8'), '"balance":\\{"amountMinor":[0-9]+',
                                          '"balance":{"amountMinor":-300'), 'UTF8')""", "'0'");
        forgetCachedAccounts();
        assertThat(firstLoaded(carol)).as("the other revision is skipped: the stream from its first event").isZero();
        assertThat(client.transfer(unique("t"), carol, bank, 106, "EUR").status()).isEqualTo(201);

        // That load replayed more events than the threshold, so a fresh snapshot follows; then one that cannot read.
        long fresh = awaitSnapshot(carol, snapshotAt + 1);
        forgeSnapshot(carol, fresh, """
                convert_to('{"accountId":"' || aggregateidentifier || '","renamedField":1}', 'UTF8')""",
                "'" + Account.SNAPSHOT_REVISION + "'");
        forgetCachedAccounts();
        assertThat(firstLoaded(carol)).as("the unreadable one is skipped too").isZero();
        assertThat(client.transfer(unique("t"), bank, carol, 5, "EUR").status()).isEqualTo(201);
        assertThat(client.postedBalance(carol)).isEqualTo(5);

        // And one whose class is gone (Account moved or renamed): Axon reads it as a placeholder, not an error.
        long third = awaitSnapshot(carol, fresh + 1);
        assertThat(superuser.update("update event_store.snapshotevententry set payloadtype = ? "
                + "where aggregateidentifier = ? and sequencenumber = ?",
                "com.payledger.command.account.MovedAccount", carol, third)).isOne();
        forgetCachedAccounts();
        assertThat(firstLoaded(carol)).as("the one of an unknown class is skipped").isZero();
        assertThat(client.transfer(unique("t"), carol, bank, 5, "EUR").status()).isEqualTo(201);
        assertThat(client.postedBalance(carol)).isZero();
    }

    @Test
    void givenASnapshot_whenTheServiceStartsAgain_thenTheAccountLoadsFromItAndDecidesAsItsEventsSay() {
        String database = TestDatabase.newDatabase();
        Map<String, String> settings = Map.of("payledger.snapshots.threshold", String.valueOf(THRESHOLD));
        String gold = unique("gold");
        String treasury = unique("bank");
        long snapshotAt;
        try (ServiceInstance before = ServiceInstance.start(database, settings)) {
            LedgerClient first = before.client();
            assertThat(first.openAccount(treasury, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            assertThat(first.post("/api/v1/accounts", Map.of("id", gold, "currency", "EUR", "ownerId", "u-1",
                    "overdraftLimit", 300)).status()).isEqualTo(201);
            assertThat(first.transfer(unique("fund"), treasury, gold, 50, "EUR").status()).isEqualTo(201);
            for (int i = 0; i < 6; i++) {
                assertThat(first.transfer(unique("t"), gold, treasury, 1, "EUR").status()).isEqualTo(201);
            }
            snapshotAt = awaitSnapshot(before.jdbc(), gold, THRESHOLD - 1);
        }

        try (ServiceInstance after = ServiceInstance.start(database, settings)) {
            LedgerClient again = after.client();
            assertThat(after.context().getBean(EventStore.class).readEvents(gold).next().getSequenceNumber())
                    .as("the restarted service starts the account at its snapshot").isEqualTo(snapshotAt);
            // 44 posted and an overdraft of 300.
            assertThat(again.transfer(unique("t"), gold, treasury, 345, "EUR").code())
                    .isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
            assertThat(again.transfer(unique("t"), gold, treasury, 344, "EUR").status()).isEqualTo(201);
            assertThat(again.postedBalance(gold)).isEqualTo(-300);
        }
    }

    @Test
    void givenAThresholdOfZero_thenNoSnapshotIsTaken_andANegativeOneStopsTheStart() {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance withoutSnapshots = ServiceInstance.start(database,
                Map.of("payledger.snapshots.threshold", "0"))) {
            LedgerClient plain = withoutSnapshots.client();
            String dan = unique("dan");
            plain.openAccount(dan, "EUR", "u-4", "EXTERNAL");
            String erin = unique("erin");
            plain.openAccount(erin, "EUR", "u-5", null);
            for (int i = 0; i < 3 * THRESHOLD; i++) {
                assertThat(plain.transfer(unique("t"), dan, erin, 1, "EUR").status()).isEqualTo(201);
            }
            assertThat(withoutSnapshots.context().getBean(Account.SNAPSHOT_TRIGGER))
                    .isSameAs(NoSnapshotTriggerDefinition.INSTANCE);
            forgetCachedAccounts(withoutSnapshots);
            assertThat(plain.transfer(unique("t"), dan, erin, 1, "EUR").status()).isEqualTo(201);
            assertThat(withoutSnapshots.jdbc().queryForObject(
                    "select count(*) from event_store.snapshotevententry", Long.class)).isZero();
        }
        assertThatThrownBy(() -> ServiceInstance.start(TestDatabase.newDatabase(),
                Map.of("payledger.snapshots.threshold", "-1")))
                .hasStackTraceContaining("payledger.snapshots.threshold must be 0 (no snapshots) or more, not -1");
    }

    private static String openGoldAccount() {
        String id = unique("gold");
        assertThat(client.post("/api/v1/accounts", Map.of("id", id, "currency", "EUR", "ownerId", "u-1",
                "overdraftLimit", 300, "name", "Alice", "metadata", Map.of("tier", "gold"))).status())
                .isEqualTo(201);
        return id;
    }

    private static void fund(String account, long amount) {
        assertThat(client.transfer(unique("fund"), bank, account, amount, "EUR").status()).isEqualTo(201);
    }

    /** The sequence number of the account's newest snapshot, once the snapshot thread stored one at or past it. */
    private static long awaitSnapshot(String account, long atLeast) {
        return awaitSnapshot(superuser, account, atLeast);
    }

    /** The same, read through {@code jdbc}: a database of the test's own. */
    private static long awaitSnapshot(JdbcTemplate jdbc, String account, long atLeast) {
        return Eventually.await(() -> jdbc.queryForObject("select coalesce(max(sequencenumber), -1) "
                + "from event_store.snapshotevententry where aggregateidentifier = ?", Long.class, account),
                sequence -> sequence >= atLeast, Duration.ofSeconds(20), "a snapshot of " + account);
    }

    /** Rewrites the account's snapshot at {@code sequence} in place, with the given SQL's payload and revision. */
    private static void forgeSnapshot(String account, long sequence, String payloadSql, String revisionSql) {
        assertThat(superuser.update("update event_store.snapshotevententry set payload = " + payloadSql
                + ", payloadrevision = " + revisionSql + " where aggregateidentifier = ? and sequencenumber = ?",
                account, sequence)).isOne();
    }

    /** The sequence number the event store starts the account's stream at: a snapshot's, or 0. */
    private static long firstLoaded(String account) {
        return ledger.context().getBean(EventStore.class).readEvents(account).next().getSequenceNumber();
    }

    private static void forgetCachedAccounts() {
        forgetCachedAccounts(ledger);
    }

    private static void forgetCachedAccounts(ServiceInstance service) {
        service.context().getBean(Account.CACHE, Cache.class).removeAll();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
