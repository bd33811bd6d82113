package com.payledger.infra.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.cli.Commands;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilding projections from the event store on a running ledger: equal to the live read model when nothing
 * drifted, repairing it when something did, taking writes all along, and never recording an event of its own.
 */
class ProjectionRebuildIT {

    @Test
    void givenALiveLedger_whenProjectionsAreRebuiltDuringWrites_thenTheyEqualAFoldOfTheLog() throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            client.openAccount("bob", "EUR", "u-2", null);
            for (int i = 0; i < 200; i++) {
                assertThat(client.transfer("t" + i, "bank", i % 2 == 0 ? "alice" : "bob", 10, "EUR").status())
                        .isEqualTo(201);
            }
            List<String> schemaBefore = indexesAndKeys(ledger);
            for (String name : List.of("projection-accounts", "projection-transfers", "projection-schedules")) {
                assertThat(rebuild(client, name).get("rowsThatDiffered").asLong()).as(name).isZero();
            }
            assertThat(indexesAndKeys(ledger)).as("a migration may name them: same names, same definitions")
                    .isEqualTo(schemaBefore);

            ledger.jdbc().update("update read_model.accounts set posted_minor = posted_minor + 7 "
                    + "where account_id = 'alice'");
            ledger.jdbc().update("delete from read_model.account_entries where account_id = 'bob' and sequence = 3");
            assertThat(client.get("/api/v1/audit/consistency").body().get("consistent").asBoolean()).isFalse();
            long eventsBefore = events(ledger);
            List<String> accepted = Collections.synchronizedList(new ArrayList<>());
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<?> writes = writer.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    // To bob, whose account row is intact: alice's drift would spread into her new entries.
                    if (client.transfer("during-" + i, "bank", "bob", 1, "EUR").status() == 201) {
                        accepted.add("during-" + i);
                    }
                }
            });

            JsonNode done = rebuild(client, "projection-accounts");
            writes.get(60, TimeUnit.SECONDS);
            writer.shutdown();

            assertThat(done.get("rowsThatDiffered").asLong()).as("the altered and the missing row").isEqualTo(3);
            assertThat(accepted).hasSize(100);
            JsonNode consistency = client.get("/api/v1/audit/consistency").body();
            assertThat(consistency.get("consistent").asBoolean()).as(consistency.toString()).isTrue();
            assertThat(client.postedBalance("alice")).isEqualTo(100 * 10);
            assertThat(client.postedBalance("bob")).isEqualTo(100 * 10 + 100);
            assertThat(client.get("/api/v1/accounts/bob/entries?limit=500").body().get("items").size())
                    .isEqualTo(200);
            assertThat(events(ledger)).as("a rebuild records nothing; only the concurrent transfers did")
                    .isEqualTo(eventsBefore + 2 * 100);
        }
    }

    @Test
    void givenDriftInTwoReadModels_whenAllAreRebuiltInOnePassDuringWrites_thenEachIsRepairedAndReported()
            throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("carol", "EUR", "u-3", null);
            client.openAccount("dave", "EUR", "u-4", null);
            for (int i = 0; i < 150; i++) {
                assertThat(client.transfer("t" + i, "bank", "carol", 5, "EUR").status()).isEqualTo(201);
            }
            ledger.jdbc().update("update read_model.accounts set posted_minor = 1 where account_id = 'carol'");
            ledger.jdbc().update("delete from read_model.transfers where transfer_id in ('t1', 't2')");
            List<String> schemaBefore = indexesAndKeys(ledger);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<Long> accepted = writer.submit(() -> {
                long ok = 0;
                for (int i = 0; i < 100; i++) {
                    // To dave, whose row is intact: carol's drift would spread into her new entries.
                    ok += client.transfer("during-" + i, "bank", "dave", 1, "EUR").status() == 201 ? 1 : 0;
                }
                return ok;
            });

            String printed = runRebuildCommand(client, "all");
            for (String name : List.of("projection-accounts", "projection-transfers", "projection-schedules")) {
                assertThat(printed).contains(name + " DONE");
                awaitDone(client, name);
            }
            assertThat(accepted.get(60, TimeUnit.SECONDS)).isEqualTo(100);
            writer.shutdown();

            JsonNode all = client.get("/api/v1/admin/projections/rebuild").body();
            assertThat(all.size()).isEqualTo(3);
            for (JsonNode progress : all) {
                long expected = switch (progress.get("projection").asString()) {
                    case "projection-accounts" -> 2; // carol's row, live and rebuilt
                    case "projection-transfers" -> 2; // the two deleted transfers
                    default -> 0;
                };
                assertThat(progress.get("rowsThatDiffered").asLong()).as(progress.toString()).isEqualTo(expected);
            }
            assertThat(client.postedBalance("carol")).isEqualTo(150 * 5);
            assertThat(client.postedBalance("dave")).isEqualTo(100);
            JsonNode consistency = client.get("/api/v1/audit/consistency").body();
            assertThat(consistency.get("consistent").asBoolean()).as(consistency.toString()).isTrue();
            assertThat(indexesAndKeys(ledger)).isEqualTo(schemaBefore);
        }
    }

    @Test
    void givenMoreWritersThanPooledConnections_whenAllAreRebuilt_thenTheSwapStillCatchesUpAndNoWriteIsLost()
            throws Exception {
        // Writers blocked on the swap's lock hold every connection they got; the swap must need none after it.
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase(),
                Map.of("spring.datasource.hikari.maximum-pool-size", "8",
                        "spring.datasource.hikari.connection-timeout", "60000"))) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            for (int account = 0; account < 8; account++) {
                client.openAccount("w" + account, "EUR", "u-" + account, null);
            }
            for (int i = 0; i < 300; i++) {
                assertThat(client.transfer("t" + i, "bank", "w" + i % 8, 3, "EUR").status()).isEqualTo(201);
            }
            AtomicBoolean rebuilding = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(16);
            List<Future<Long>> accepted = new ArrayList<>();
            for (int writer = 0; writer < 16; writer++) {
                int id = writer;
                accepted.add(writers.submit(() -> {
                    long ok = 0;
                    for (int i = 0; rebuilding.get() || i < 3; i++) {
                        ok += client.transfer("w" + id + "-" + i, "bank", "w" + id % 8, 1, "EUR").status() == 201
                                ? 1 : 0;
                    }
                    return ok;
                }));
            }

            String printed;
            try {
                printed = runRebuildCommand(client, "all");
            } finally {
                rebuilding.set(false);
                writers.shutdown();
            }
            long writes = 0;
            for (Future<Long> each : accepted) {
                writes += each.get(120, TimeUnit.SECONDS);
            }

            for (String name : List.of("projection-accounts", "projection-transfers", "projection-schedules")) {
                assertThat(printed).contains(name + " DONE");
                assertThat(awaitDone(client, name).get("rowsThatDiffered").asLong()).as(name).isZero();
            }
            long credited = 0;
            for (int account = 0; account < 8; account++) {
                credited += client.postedBalance("w" + account);
            }
            assertThat(credited).isEqualTo(300 * 3 + writes);
            JsonNode consistency = client.get("/api/v1/audit/consistency").body();
            assertThat(consistency.get("consistent").asBoolean()).as(consistency.toString()).isTrue();
        }
    }

    /** Every index and key of the read models, by name, with its definition. */
    private static List<String> indexesAndKeys(ServiceInstance ledger) {
        return ledger.jdbc().queryForList("""
                select indexname || ': ' || indexdef from pg_indexes where schemaname = 'read_model'
                union all
                select conname || ': ' || pg_get_constraintdef(oid) from pg_constraint
                 where connamespace = 'read_model'::regnamespace
                order by 1""", String.class);
    }

    @Test
    void givenALongQueryHoldingTheReadModel_whenTheRebuildSwaps_thenWritersKeepGoingAndTheSwapWaitsItOut()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("erin", "EUR", "u-5", null);
            for (int i = 0; i < 50; i++) {
                assertThat(client.transfer("t" + i, "bank", "erin", 2, "EUR").status()).isEqualTo(201);
            }
            long during = 0;
            try (Connection reader = DriverManager.getConnection(database, TestDatabase.superuser(),
                    TestDatabase.superuserPassword())) {
                reader.setAutoCommit(false);
                try (Statement statement = reader.createStatement()) {
                    // What a long report holds while it reads: the swap's lock must wait for it.
                    statement.execute("lock table read_model.accounts in access share mode");
                }
                assertThat(client.post("/api/v1/admin/projections/projection-accounts/rebuild").status())
                        .isEqualTo(202);
                Thread.sleep(1500);
                // By now the swap waits for the lock, or waits to try again; either way writers must get through.
                long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                for (int i = 0; System.nanoTime() < until; i++) {
                    during += client.transfer("during-" + i, "bank", "erin", 1, "EUR").status() == 201 ? 1 : 0;
                }
                assertThat(client.get("/api/v1/admin/projections/projection-accounts/rebuild").body()
                        .get("state").asString()).as("the swap cannot have happened yet").isEqualTo("RUNNING");
                reader.rollback();
            }

            JsonNode done = awaitDone(client, "projection-accounts");
            assertThat(during).as("transfers committed while the swap waited for the lock").isPositive();
            assertThat(done.get("rowsThatDiffered").asLong()).isZero();
            assertThat(client.postedBalance("erin")).isEqualTo(50 * 2 + during);
        }
    }

    @Test
    void givenARunningRebuild_whenAnotherIsAsked_thenConflictAndUnknownNamesAreNotFound() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            assertThat(client.post("/api/v1/admin/projections/projection-nothing/rebuild").code())
                    .isEqualTo("PROJECTION_NOT_FOUND");
            Response first = client.post("/api/v1/admin/projections/projection-transfers/rebuild");
            Response second = client.post("/api/v1/admin/projections/projection-accounts/rebuild");
            assertThat(first.status()).isEqualTo(202);
            if (second.status() != 202) {
                assertThat(second.code()).isEqualTo("REBUILD_ALREADY_RUNNING");
            }
            awaitDone(client, "projection-transfers");
        }
    }

    @Test
    void givenARebuildRunningOnOneInstance_whenAnotherInstanceIsAskedForOne_thenConflictUntilItEnded()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance one = ServiceInstance.start(database);
             ServiceInstance two = ServiceInstance.start(database)) {
            LedgerClient first = one.client();
            LedgerClient second = two.client();
            assertThat(first.openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            assertThat(first.openAccount("alice", "EUR", "u-1", null).status()).isEqualTo(201);
            assertThat(first.transfer("t-1", "bank", "alice", 600, "EUR").status()).isEqualTo(201);
            // Two rebuilds at once work in the same schemas: one swapped the other's half-built tables in, which
            // left alice at 0 and broke every later transfer to her. A long report on the live table keeps the
            // first rebuild from swapping, so it is surely still running when the second instance is asked.
            try (Connection report = new DriverManagerDataSource(database, TestDatabase.superuser(),
                    TestDatabase.superuserPassword()).getConnection()) {
                report.setAutoCommit(false);
                report.createStatement().execute("lock table read_model.accounts in access share mode");
                Response started = first.post("/api/v1/admin/projections/projection-accounts/rebuild");
                assertThat(started.status()).isEqualTo(202);
                // Recorded in the database: the other instance, behind the same balancer, shows it too.
                JsonNode seenElsewhere = second.get("/api/v1/admin/projections/projection-accounts/rebuild").body();
                assertThat(seenElsewhere.get("state").asString()).isEqualTo("RUNNING");
                assertThat(seenElsewhere.get("startedAt")).isEqualTo(started.body().get("startedAt"));
                for (String path : List.of("/api/v1/admin/projections/projection-accounts/rebuild",
                        "/api/v1/admin/projections/projection-transfers/rebuild",
                        "/api/v1/admin/projections/rebuild")) {
                    Response elsewhere = second.post(path);
                    assertThat(elsewhere.status()).as(path).isEqualTo(409);
                    assertThat(elsewhere.code()).as(path).isEqualTo("REBUILD_ALREADY_RUNNING");
                }
                report.rollback();
            }
            assertThat(awaitDone(first, "projection-accounts").get("rowsThatDiffered").asLong()).isZero();
            assertThat(second.get("/api/v1/admin/projections/projection-accounts/rebuild").body().get("state")
                    .asString()).isEqualTo("DONE");

            assertThat(second.post("/api/v1/admin/projections/projection-accounts/rebuild").status()).isEqualTo(202);
            assertThat(awaitDone(second, "projection-accounts").get("rowsThatDiffered").asLong()).isZero();
            assertThat(second.postedBalance("alice")).isEqualTo(600);
            assertThat(second.transfer("t-2", "bank", "alice", 5, "EUR").status()).isEqualTo(201);
        }
    }

    @Test
    void givenARebuildWhoseLockSessionEnded_whenItGoesOn_thenItStopsWithoutSwappingAndAnotherInstanceRebuilds()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance one = ServiceInstance.start(database);
             ServiceInstance two = ServiceInstance.start(database);
             Connection administrator = new DriverManagerDataSource(database, TestDatabase.superuser(),
                     TestDatabase.superuserPassword()).getConnection()) {
            LedgerClient first = one.client();
            LedgerClient second = two.client();
            assertThat(first.openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            assertThat(first.openAccount("alice", "EUR", "u-1", null).status()).isEqualTo(201);
            assertThat(first.transfer("t-1", "bank", "alice", 600, "EUR").status()).isEqualTo(201);
            // Drift that only a swap would repair: it shows whether the rebuild that lost its lock swapped.
            one.jdbc().update("update read_model.accounts set posted_minor = posted_minor + 7 "
                    + "where account_id = 'alice'");
            try (Connection report = new DriverManagerDataSource(database, TestDatabase.superuser(),
                    TestDatabase.superuserPassword()).getConnection()) {
                report.setAutoCommit(false);
                report.createStatement().execute("lock table read_model.accounts in access share mode");
                assertThat(first.post("/api/v1/admin/projections/projection-accounts/rebuild").status())
                        .isEqualTo(202);
                // What an idle_session_timeout, an administrator or a network cut does to the lock's session,
                // while the instance lives on and its rebuild waits to swap.
                try (Statement sql = administrator.createStatement()) {
                    sql.execute("select pg_terminate_backend(runner_pid) from read_model.projection_rebuilds");
                }
                JsonNode stopped = Eventually.await(() -> second.get(
                        "/api/v1/admin/projections/projection-accounts/rebuild").body(),
                        progress -> progress.get("error").asString("").contains("lost the cluster's rebuild lock"),
                        Duration.ofSeconds(60), "the rebuild's own record of why it stopped");
                assertThat(stopped.get("state").asString()).isEqualTo("FAILED");
                report.rollback();
            }
            assertThat(second.postedBalance("alice")).as("the live table, never swapped").isEqualTo(607);

            assertThat(second.post("/api/v1/admin/projections/projection-accounts/rebuild").status()).isEqualTo(202);
            assertThat(awaitDone(first, "projection-accounts").get("rowsThatDiffered").asLong())
                    .as("alice's row, live and rebuilt").isEqualTo(2);
            assertThat(first.postedBalance("alice")).isEqualTo(600);
            assertThat(first.transfer("t-2", "bank", "alice", 5, "EUR").status()).isEqualTo(201);
            assertThat(one.jdbc().queryForObject("select count(*) from pg_namespace "
                    + "where nspname ~ '^read_model_(rebuild|retired)'", Long.class))
                    .as("neither rebuild left a working schema").isZero();
        }
    }

    @Test
    void givenARebuildRecordedRunningWhoseInstanceDied_whenAsked_thenFailedAndAnotherMayStart() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            // An instance that died mid-rebuild left its record RUNNING, naming a session that holds no lock now.
            int pid = ledger.jdbc().queryForObject("select pg_backend_pid()", Integer.class);
            ledger.jdbc().update("""
                    insert into read_model.projection_rebuilds (projection, state, replayed, total, started_at,
                           runner_pid)
                    values ('projection-transfers', 'RUNNING', 10, 20, now(), ?)""", pid);

            JsonNode died = client.get("/api/v1/admin/projections/projection-transfers/rebuild").body();
            assertThat(died.get("state").asString()).isEqualTo("FAILED");
            assertThat(died.get("error").asString()).contains("stopped");
            assertThat(died.get("replayed").asLong()).isEqualTo(10);
            assertThat(client.get("/api/v1/admin/projections/rebuild").body().get(0).get("state").asString())
                    .isEqualTo("FAILED");
            assertThat(client.get("/api/v1/admin/projections/projection-accounts/rebuild").code())
                    .isEqualTo("NO_REBUILD");

            assertThat(client.post("/api/v1/admin/projections/projection-transfers/rebuild").status())
                    .isEqualTo(202);
            assertThat(awaitDone(client, "projection-transfers").get("rowsThatDiffered").asLong()).isZero();
        }
    }

    @Test
    void givenARebuildRecordedRunningWhoseSessionPidNowHoldsAnotherAdvisoryLock_whenAsked_thenFailed()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database);
             Connection other = new DriverManagerDataSource(database, TestDatabase.superuser(),
                     TestDatabase.superuserPassword()).getConnection()) {
            // The runner's pid taken by a session that holds an advisory lock of its own, as the pool's sessions do
            // (the audit log's writer, an owner's schedules): the rebuild's lock is not held by anyone.
            int pid;
            try (Statement sql = other.createStatement()) {
                var answer = sql.executeQuery("select pg_backend_pid(), pg_advisory_lock(42)");
                answer.next();
                pid = answer.getInt(1);
            }
            ledger.jdbc().update("""
                    insert into read_model.projection_rebuilds (projection, state, replayed, total, started_at,
                           runner_pid)
                    values ('projection-transfers', 'RUNNING', 10, 20, now(), ?)""", pid);

            JsonNode died = ledger.client().get("/api/v1/admin/projections/projection-transfers/rebuild").body();
            assertThat(died.get("state").asString()).isEqualTo("FAILED");
        }
    }

    /** Rebuilds through the shipped command line, which drives the service's admin endpoint. */
    private static JsonNode rebuild(LedgerClient client, String name) throws java.io.IOException {
        runRebuildCommand(client, name);
        return awaitDone(client, name);
    }

    /** Runs {@code rebuild-projection name}, which returns once the rebuild ended; returns what it printed. */
    private static String runRebuildCommand(LedgerClient client, String name) throws java.io.IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String base = client.baseUrl();
        Path keyFile = Files.createTempFile("admin", ".key");
        int exit;
        try {
            Files.writeString(keyFile, LedgerClient.TEST_ADMIN_KEY);
            exit = Commands.run(new String[] {"rebuild-projection", name, "--url", base, "--api-key-file",
                    keyFile.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        } finally {
            Files.delete(keyFile);
        }
        assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
        return output.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitDone(LedgerClient client, String name) {
        JsonNode progress = Eventually.await(() -> client.get("/api/v1/admin/projections/" + name + "/rebuild")
                .body(), p -> !"RUNNING".equals(p.get("state").asString()), Duration.ofSeconds(60), name);
        assertThat(progress.get("state").asString()).as(progress.toString()).isEqualTo("DONE");
        // Rebuilt during writes, it replays more than the log held at its start: the total grows with it.
        assertThat(progress.get("replayed").asLong()).as(progress.toString())
                .isEqualTo(progress.get("total").asLong());
        return progress;
    }

    private static long events(ServiceInstance ledger) {
        return ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }
}
