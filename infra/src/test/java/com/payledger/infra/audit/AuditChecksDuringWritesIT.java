package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An auditor's checks on a ledger that keeps taking transfers, and rebuilding its read models: a check that reads
 * its two sides at two instants reports, as drift or tampering, every transfer committed in between. The consistency
 * check once did: it folded the log and read the read models in two snapshots; then, in one snapshot, it could still
 * read a table a rebuild swapped in meanwhile as it was while being rebuilt.
 */
class AuditChecksDuringWritesIT {

    private static final int WRITERS = 4;
    private static final int CHECKS = 25;
    private static final int REBUILDS = 4;
    /**
     * Past the minute of pauses between a swap's tries and the second each waits for the tables (a check that held
     * the gate as long as it may would exceed it): a rebuild that gives up then reports why, where a shorter wait here
     * told only that it was still RUNNING.
     */
    private static final Duration SWAP_TRIES_AND_MORE = Duration.ofMinutes(3);

    /** Transfers committed by the writers of the current test. */
    private static final AtomicLong COMMITTED = new AtomicLong();

    private static ServiceInstance ledger;
    private static LedgerClient client;

    @BeforeAll
    static void start() {
        ledger = ServiceInstance.start(TestDatabase.newDatabase());
        client = ledger.client();
        client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
        for (int account = 0; account < WRITERS; account++) {
            client.openAccount("c" + account, "EUR", "u-" + account, null);
        }
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void givenTransfersBeingCommitted_whenTheReadModelsAreChecked_thenNoDriftIsReported() throws Exception {
        List<JsonNode> reports = checkWhileWriting("/api/v1/audit/consistency");

        assertThat(reports).allSatisfy(report ->
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue());
    }

    @Test
    void givenRebuildsSwappingTheReadModel_whenItIsCheckedMeanwhile_thenNoDriftIsReportedAndEachRebuildEnds()
            throws Exception {
        List<JsonNode> reports = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        ExecutorService checker = Executors.newSingleThreadExecutor();
        Future<?> checks = checker.submit(() -> {
            while (rebuilding.get()) {
                Response answer = client.get("/api/v1/audit/consistency");
                // A check overtaken by a swap runs again, five times at most; overtaken each time, it says so
                // (documented), which is no report of drift. Back-to-back rebuilds here make that likely.
                if (answer.status() == 503) {
                    assertThat(answer.code()).as(answer.raw().body()).isEqualTo("SERVICE_BUSY");
                } else {
                    reports.add(answer.body());
                }
            }
        });
        try {
            checkWhileWriting("/api/v1/audit/consistency", () -> {
                // At least REBUILDS rebuilds, and on until more checks than that ran meanwhile: on a busy machine a
                // check can take as long as a rebuild, and a count of checks must not rest on their speed. But for a
                // minute at most: the writers go on meanwhile, so each check folds a longer log, and on a machine
                // shared with other work 40 rebuilds took over a quarter of an hour.
                long enough = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                for (int rebuild = 0; rebuild < REBUILDS || reports.size() <= REBUILDS
                        && rebuild < 10 * REBUILDS && System.nanoTime() < enough; rebuild++) {
                    assertThat(client.post("/api/v1/admin/projections/projection-accounts/rebuild").status())
                            .isEqualTo(202);
                    JsonNode done = Eventually.await(() -> client.get(
                            "/api/v1/admin/projections/projection-accounts/rebuild").body(),
                            progress -> !"RUNNING".equals(progress.get("state").asString()), SWAP_TRIES_AND_MORE,
                            "the rebuild");
                    assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("DONE");
                    assertThat(done.get("rowsThatDiffered").asLong()).as(done.toString()).isZero();
                }
            });
        } finally {
            rebuilding.set(false);
            checker.shutdown();
        }
        checks.get(60, TimeUnit.SECONDS);
        reports.add(client.get("/api/v1/audit/consistency").body());

        assertThat(reports).allSatisfy(report ->
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue());
    }

    @Test
    void givenTransfersBeingCommittedAndLogged_whenTheLogIsVerified_thenItIsIntact() throws Exception {
        List<JsonNode> reports = checkWhileWriting("/api/v1/audit/verification");

        assertThat(reports).allSatisfy(report ->
                assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue());
    }

    /**
     * Runs {@code path} {@value #CHECKS} times while {@value #WRITERS} clients keep sending transfers, each time once
     * a transfer more was committed: a check can be quicker than a transfer.
     */
    private static List<JsonNode> checkWhileWriting(String path) throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        checkWhileWriting(path, () -> {
            for (int check = 0; check < CHECKS; check++) {
                long before = COMMITTED.get();
                Eventually.await(COMMITTED::get, committed -> committed > before, Duration.ofSeconds(30),
                        "a transfer committed since the last check");
                reports.add(client.get(path).body());
            }
        });
        return reports;
    }

    /** Runs {@code checks} while {@value #WRITERS} clients keep sending transfers. */
    private static void checkWhileWriting(String path, ThrowingRunnable checks) throws Exception {
        COMMITTED.set(0);
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<Long>> accepted = new ArrayList<>();
        String run = Long.toString(System.nanoTime());
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            accepted.add(writers.submit(() -> {
                long ok = 0;
                for (int i = 0; writing.get(); i++) {
                    if (client.transfer(run + "-" + id + "-" + i, "bank", "c" + id, 1, "EUR").status() == 201) {
                        ok++;
                        COMMITTED.incrementAndGet();
                    }
                }
                return ok;
            }));
        }
        long written = 0;
        try {
            checks.run();
        } finally {
            writing.set(false);
            writers.shutdown();
        }
        for (Future<Long> each : accepted) {
            written += each.get(60, TimeUnit.SECONDS);
        }
        assertThat(written).as("transfers committed while " + path + " was checked").isGreaterThanOrEqualTo(CHECKS);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
