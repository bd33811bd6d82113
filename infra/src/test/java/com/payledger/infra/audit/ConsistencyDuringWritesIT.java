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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The consistency check on a ledger that keeps taking transfers: it must fold the log and read the read models as
 * of one instant, or every transfer committed between its two reads shows up as drift. It once read them in two
 * snapshots, and an auditor checking a busy ledger saw drift that was not there.
 */
class ConsistencyDuringWritesIT {

    private static final int WRITERS = 4;
    private static final int CHECKS = 25;

    @Test
    void givenTransfersBeingCommitted_whenTheReadModelsAreChecked_thenNoDriftIsReported() throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            for (int account = 0; account < WRITERS; account++) {
                client.openAccount("c" + account, "EUR", "u-" + account, null);
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<Long>> accepted = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int id = writer;
                accepted.add(writers.submit(() -> {
                    long ok = 0;
                    for (int i = 0; writing.get(); i++) {
                        ok += client.transfer("c" + id + "-" + i, "bank", "c" + id, 1, "EUR").status() == 201
                                ? 1 : 0;
                    }
                    return ok;
                }));
            }

            List<JsonNode> reports = new ArrayList<>();
            try {
                for (int check = 0; check < CHECKS; check++) {
                    reports.add(client.get("/api/v1/audit/consistency").body());
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
            assertThat(reports).allSatisfy(report ->
                    assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue());
        }
    }
}
