package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An auditor's checks on a ledger that keeps taking transfers: a check that reads its two sides at two instants
 * reports, as drift or tampering, every transfer committed in between. The consistency check once did: it folded
 * the log and read the read models in two snapshots.
 */
class AuditChecksDuringWritesIT {

    private static final int WRITERS = 4;
    private static final int CHECKS = 25;

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
    void givenTransfersBeingCommittedAndLogged_whenTheLogIsVerified_thenItIsIntact() throws Exception {
        List<JsonNode> reports = checkWhileWriting("/api/v1/audit/verification");

        assertThat(reports).allSatisfy(report ->
                assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue());
    }

    /** Runs {@code path} {@value #CHECKS} times while {@value #WRITERS} clients keep sending transfers. */
    private static List<JsonNode> checkWhileWriting(String path) throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        List<Future<Long>> accepted = new ArrayList<>();
        String run = Long.toString(System.nanoTime());
        for (int writer = 0; writer < WRITERS; writer++) {
            int id = writer;
            accepted.add(writers.submit(() -> {
                long ok = 0;
                for (int i = 0; writing.get(); i++) {
                    ok += client.transfer(run + "-" + id + "-" + i, "bank", "c" + id, 1, "EUR").status() == 201
                            ? 1 : 0;
                }
                return ok;
            }));
        }
        List<JsonNode> reports = new ArrayList<>();
        try {
            for (int check = 0; check < CHECKS; check++) {
                reports.add(client.get(path).body());
            }
        } finally {
            writing.set(false);
        }
        long written = 0;
        for (Future<Long> each : accepted) {
            written += each.get(60, TimeUnit.SECONDS);
        }
        writers.shutdown();
        assertThat(written).as("transfers committed while the checks ran").isGreaterThan(CHECKS);
        return reports;
    }
}
