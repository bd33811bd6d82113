package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import com.payledger.query.audit.log.BalanceHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * An account with more than two thousand events: balances as of instants on both sides of its balance checkpoints
 * (one per 100 events) still equal an independent sum, and the checkpoints exist where they should.
 */
class LongAccountHistoryIT extends LedgerHttpTest {

    private static final int PHASES = 7;
    private static final int TRANSFERS_PER_PHASE = 300;

    @Test
    void givenTwoThousandEvents_whenAskingForPastBalances_thenCheckpointsKeepThemExact() throws Exception {
        String bank = unique("bank");
        String busy = unique("busy");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(busy, "EUR", "u-1", null);
        List<Instant> instants = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        long running = 0;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int phase = 0; phase < PHASES; phase++) {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < TRANSFERS_PER_PHASE; i++) {
                String id = unique("p" + phase + "-" + i);
                long amount = phase + 1;
                statuses.add(clients.submit(() -> client.transfer(id, bank, busy, amount, "EUR").status()));
            }
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(201);
            }
            running += (phase + 1L) * TRANSFERS_PER_PHASE;
            TestClock.INSTANCE.advance(Duration.ofSeconds(2));
            instants.add(TestClock.INSTANCE.instant());
            TestClock.INSTANCE.advance(Duration.ofSeconds(2));
            expected.add(running);
        }
        clients.shutdown();
        AuditLog.awaitLogged(client, busy);

        for (int phase = 0; phase < PHASES; phase++) {
            long started = System.nanoTime();
            long posted = client.get("/api/v1/accounts/" + busy + "/balance?asOf=" + instants.get(phase)).body()
                    .get("balance").get("posted").asLong();
            System.out.printf("balance as of phase %d of %d events: %.1f ms%n", phase,
                    (phase + 1) * TRANSFERS_PER_PHASE, (System.nanoTime() - started) / 1e6);
            assertThat(posted).as("phase %d", phase).isEqualTo(expected.get(phase));
        }
        long last = jdbc.queryForObject("select max(sequencenumber) from event_store.domainevententry"
                + " where aggregateidentifier = ?", Long.class, busy);
        assertThat(jdbc.queryForList("select sequence_number from audit.balance_checkpoints where account_id = ? "
                + "order by sequence_number", Long.class, busy)).containsExactlyElementsOf(LongStream
                .rangeClosed(1, last / BalanceHistory.CHECKPOINT_EVERY).map(n -> n * BalanceHistory.CHECKPOINT_EVERY)
                .boxed().toList());

        // While the log lags behind (no checkpoints yet), the fold reads on instead of stopping after one page.
        // The service may only insert into the audit tables: the superuser removes them.
        TestDatabase.jdbc().update("delete from audit.balance_checkpoints where account_id = ?", busy);
        assertThat(client.get("/api/v1/accounts/" + busy + "/balance?asOf=" + instants.get(PHASES - 1)).body()
                .get("balance").get("posted").asLong()).isEqualTo(expected.get(PHASES - 1));
    }
}
