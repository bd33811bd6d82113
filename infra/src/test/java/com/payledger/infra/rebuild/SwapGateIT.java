package com.payledger.infra.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.rebuild.SwapGate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A rebuild's swap against an auditor checking consistency in a loop: each check's comparisons hold the read models'
 * tables, for seconds on a large ledger, and the next check began at once. The swap, which waits a second at most
 * for those tables since everyone queues behind it meanwhile, gave up on every try and the rebuild failed (CI saw it
 * stay RUNNING past a minute). Now the check passes a gate the swap closes first: the swap waits there for the check
 * that is comparing, holding up no one else, and the next check waits for the swap.
 */
class SwapGateIT {

    /** Longer than the swap waits for the live tables' lock (a second): past it, a swap not at the gate gave up. */
    private static final Duration BEYOND_THE_LOCK_WAIT = Duration.ofSeconds(3);

    @Test
    void givenAConsistencyCheckComparing_whenARebuildSwaps_thenItWaitsForThatCheckAndTheNextCheckWaitsForTheSwap()
            throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("erin", "EUR", "u-5", null);
            for (int i = 0; i < 20; i++) {
                assertThat(client.transfer("t" + i, "bank", "erin", 2, "EUR").status()).isEqualTo(201);
            }
            CompletableFuture<Response> nextCheck;
            try (Connection comparing = DriverManager.getConnection(database, TestDatabase.superuser(),
                    TestDatabase.superuserPassword())) {
                comparing.setAutoCommit(false);
                try (Statement statement = comparing.createStatement()) {
                    // What a consistency check holds while it compares: the gate, passed, and the tables it reads.
                    statement.execute(SwapGate.PASS);
                    statement.execute("lock table read_model.accounts in access share mode");
                }
                assertThat(client.post("/api/v1/admin/projections/projection-accounts/rebuild").status())
                        .isEqualTo(202);
                Eventually.await(() -> gate(ledger), requests -> requests.contains("ExclusiveLock awaited"),
                        Duration.ofSeconds(30), "the swap at the gate");

                Thread.sleep(BEYOND_THE_LOCK_WAIT.toMillis());
                assertThat(gate(ledger)).as("still waiting, not given up").contains("ExclusiveLock awaited");
                assertThat(client.transfer("during", "bank", "erin", 1, "EUR").status())
                        .as("a writer, whom a swap waiting for the tables' lock would hold up").isEqualTo(201);
                nextCheck = CompletableFuture.supplyAsync(() -> client.get("/api/v1/audit/consistency"));
                Eventually.await(() -> gate(ledger), requests -> requests.contains("ShareLock awaited"),
                        Duration.ofSeconds(30), "the next check at the gate, behind the swap");
                assertThat(progress(client).get("state").asString()).isEqualTo("RUNNING");
                comparing.rollback();
            }

            JsonNode done = Eventually.await(() -> progress(client), p -> !"RUNNING".equals(p.get("state").asString()),
                    Duration.ofSeconds(60), "the rebuild");
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
            assertThat(done.get("rowsThatDiffered").asLong()).as(done.toString()).isZero();
            Response check = nextCheck.get(60, TimeUnit.SECONDS);
            assertThat(check.status()).as(check.raw().body()).isEqualTo(200);
            assertThat(check.body().get("consistent").asBoolean()).as(check.raw().body()).isTrue();
            assertThat(client.postedBalance("erin")).isEqualTo(20 * 2 + 1);
        }
    }

    /** No check reads the schedules' read model, so its swap does not wait at the gate for the checks comparing. */
    @Test
    void givenAConsistencyCheckComparing_whenTheSchedulesAreRebuilt_thenTheSwapDoesNotWaitForIt() throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database);
             Connection comparing = DriverManager.getConnection(database, TestDatabase.superuser(),
                     TestDatabase.superuserPassword())) {
            LedgerClient client = ledger.client();
            comparing.setAutoCommit(false);
            try (Statement statement = comparing.createStatement()) {
                statement.execute(SwapGate.PASS);
            }
            assertThat(client.post("/api/v1/admin/projections/projection-schedules/rebuild").status()).isEqualTo(202);

            JsonNode done = Eventually.await(() -> progress(client, "projection-schedules"),
                    p -> !"RUNNING".equals(p.get("state").asString()), Duration.ofSeconds(30), "the rebuild");
            assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
            assertThat(gate(ledger)).as("the check still at the gate").containsExactly("ShareLock held");
            comparing.rollback();
        }
    }

    private static JsonNode progress(LedgerClient client) {
        return progress(client, "projection-accounts");
    }

    private static JsonNode progress(LedgerClient client, String projection) {
        return client.get("/api/v1/admin/projections/" + projection + "/rebuild").body();
    }

    /** The requests for the gate's advisory lock: mode, and whether held or awaited. */
    private static List<String> gate(ServiceInstance ledger) {
        return ledger.jdbc().queryForList("""
                select mode || case when granted then ' held' else ' awaited' end from pg_locks
                 where locktype = 'advisory' and objsubid = 1
                   and (classid::bigint << 32 | objid::bigint) = hashtext('payledger: read model swap')::bigint""",
                String.class);
    }
}
