package com.payledger.infra.restart;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in its default mode (embedded PostgreSQL, data in a folder) is killed with SIGKILL in the
 * middle of traffic and stopped gracefully, and started again on the same data each time. Every acknowledged
 * transfer survives, no transfer is ever half there, and identical retries still answer as before.
 */
class RestartIT {

    private static final String BANK = "bank";
    private static final String ALICE = "alice";
    private static final String BOB = "bob";

    @Test
    void givenTrafficInFlight_whenKilledStoppedAndRestarted_thenEveryAcknowledgedTransferSurvives()
            throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "restart-it-");
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        Map<String, String> environment = Map.of("PAYLEDGER_DATA_DIR", dataDirectory.resolve("pg").toString());
        List<Response> acknowledged = Collections.synchronizedList(new ArrayList<>());

        ServiceProcess first = ServiceProcess.start(environment, log);
        LedgerClient client = first.client();
        assertThat(client.openAccount(BANK, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        assertThat(client.openAccount(ALICE, "EUR", "u-1", null).status()).isEqualTo(201);
        assertThat(client.openAccount(BOB, "EUR", "u-2", null).status()).isEqualTo(201);
        assertThat(client.transfer("fund", BANK, ALICE, 1_000_000, "EUR").status()).isEqualTo(201);
        sendUntilKilled(first, acknowledged);
        long logAfterKill = Files.size(log);

        ServiceProcess second = ServiceProcess.start(environment, log);
        assertConsistent(second.client(), acknowledged);
        for (int i = 0; i < 10; i++) {
            acknowledged.add(second.client().transfer("after-kill-" + i, ALICE, BOB, 7, "EUR"));
        }
        second.stop();

        try (ServiceProcess third = ServiceProcess.start(environment, log)) {
            assertConsistent(third.client(), acknowledged);
            Response retry = third.client().transfer("after-kill-3", ALICE, BOB, 7, "EUR");
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(acknowledged.stream()
                    .filter(r -> "after-kill-3".equals(r.body().get("id").asString())).findFirst().orElseThrow()
                    .body());
        }
        assertThat(dataDirectory.resolve("pg").resolve("postmaster.pid"))
                .as("a graceful stop also stops the embedded PostgreSQL").doesNotExist();
        // PostgreSQL stops last: no processor or request meets a database that is already gone (SQLSTATE class 08,
        // a connection exception, is what the pool logs when the server went away under a connection).
        String sinceTheKill = Files.readString(log).substring((int) logAfterKill);
        assertThat(sinceTheKill.lines().filter(line -> line.contains(" ERROR ") || line.contains("SQLSTATE(08"))
                .toList()).as("errors and lost connections logged by the two services stopped gracefully").isEmpty();
    }

    @Test
    void givenAStartThatFails_whenTheProcessExits_thenItsEmbeddedPostgresIsStoppedToo() throws Exception {
        Path dataDirectory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "failed-start-");
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        // The port is taken, so the web server cannot start, after the embedded PostgreSQL has.
        try (ServerSocket taken = new ServerSocket(0)) {
            int exitCode = ServiceProcess.runUntilExit(Map.of("PAYLEDGER_DATA_DIR",
                    dataDirectory.resolve("pg").toString()), taken.getLocalPort(), log);
            assertThat(exitCode).isNotZero();
        }
        assertThat(Files.readString(log)).contains("Embedded PostgreSQL on port");
        assertThat(dataDirectory.resolve("pg").resolve("postmaster.pid"))
                .as("no PostgreSQL server is left running by a start that failed").doesNotExist();
    }

    /** Four clients post alice -> bob transfers until 40 are acknowledged, then the service gets SIGKILL. */
    private static void sendUntilKilled(ServiceProcess service, List<Response> acknowledged) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            clients.submit(() -> {
                while (!killed.get()) {
                    try {
                        Response response = service.client()
                                .transfer("in-flight-" + next.getAndIncrement(), ALICE, BOB, 13, "EUR");
                        if (response.status() == 201) {
                            acknowledged.add(response);
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            });
        }
        while (acknowledged.size() < 40) {
            Thread.sleep(5);
        }
        service.kill();
        killed.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }

    private static void assertConsistent(LedgerClient client, List<Response> acknowledged) {
        for (Response transfer : acknowledged) {
            Response stored = client.get("/api/v1/transfers/" + transfer.body().get("id").asString());
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.body()).isEqualTo(transfer.body());
        }
        long alice = client.postedBalance(ALICE);
        long bob = client.postedBalance(BOB);
        long bank = client.postedBalance(BANK);
        assertThat(bank + alice + bob).as("money sums to zero after the crash").isZero();
        assertThat(alice).isEqualTo(1_000_000 - bob);
        // Every transfer the ledger holds, acknowledged or not, is in both statements: never one leg alone.
        assertThat(client.get("/api/v1/accounts/" + BOB + "/entries?limit=500").body().get("items").size())
                .isEqualTo(client.get("/api/v1/accounts/" + ALICE + "/entries?limit=500").body().get("items").size()
                        - 1);
    }
}
