package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.account.AccountId;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast a balance as of a past instant is for an account with {@value #EVENTS} events, against a same-run
 * baseline: an indexed point select on the same PostgreSQL. Not part of the default suite; run it with
 * {@code ./mvnw -B verify -Pbenchmark}. Prints a table and writes {@code target/benchmark/point-in-time.json}.
 */
class PointInTimeBalanceBenchmark {

    static final int EVENTS = Integer.getInteger("benchmark.events", 100_000);
    static final int SAMPLES = 300;

    @Test
    void pointInTimeBalanceOfALongLivedAccount() throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("busy", "EUR", "u-1", null);
            Instant start = Instant.now();
            List<Instant> marks = seed(ledger.context().getBean(CommandGateway.class));
            Duration seeding = Duration.between(start, Instant.now());
            JdbcTemplate jdbc = ledger.jdbc();
            long events = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
            Eventually.await(() -> jdbc.queryForObject("select count(*) from audit.merkle_leaves", Long.class),
                    logged -> logged >= events, Duration.ofMinutes(10), "the log to take every event in");

            Random random = new Random(42);
            long[] asOf = new long[SAMPLES];
            long[] baseline = new long[SAMPLES];
            for (int i = 0; i < SAMPLES; i++) {
                Instant instant = marks.get(random.nextInt(marks.size()));
                long begin = System.nanoTime();
                assertThat(client.get("/api/v1/accounts/busy/balance?asOf=" + instant).status()).isEqualTo(200);
                asOf[i] = System.nanoTime() - begin;
                begin = System.nanoTime();
                jdbc.queryForObject("select posted_minor from read_model.accounts where account_id = 'busy'",
                        Long.class);
                baseline[i] = System.nanoTime() - begin;
            }
            report(seeding, asOf, baseline);
        }
    }

    /** {@value #EVENTS} credits to one account from four threads; returns instants spread over its history. */
    private static List<Instant> seed(CommandGateway commands) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Instant> marks = new ArrayList<>();
        int chunk = 1_000;
        for (int done = 0; done < EVENTS; done += chunk) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = done; i < Math.min(EVENTS, done + chunk); i++) {
                int n = i;
                sent.add(threads.submit(() -> commands.sendAndWait(new PostTransfer(new TransferId("seed-" + n),
                        new AccountId("bank"), new AccountId("busy"), Money.of(1, "EUR"), null, Map.of()))));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            marks.add(Instant.now());
        }
        threads.shutdown();
        return marks;
    }

    private static void report(Duration seeding, long[] asOf, long[] baseline) throws Exception {
        Arrays.sort(asOf);
        Arrays.sort(baseline);
        String table = String.format("""
                point-in-time balance, account with %d events (seeded in %d s)
                                         p50 ms   p95 ms   p99 ms
                balance?asOf (HTTP)    %8.2f %8.2f %8.2f
                baseline: point select %8.2f %8.2f %8.2f
                ratio p50 %.1fx, p99 %.1fx""", EVENTS, seeding.toSeconds(),
                ms(asOf, 50), ms(asOf, 95), ms(asOf, 99), ms(baseline, 50), ms(baseline, 95), ms(baseline, 99),
                ms(asOf, 50) / ms(baseline, 50), ms(asOf, 99) / ms(baseline, 99));
        System.out.println(table);
        Path out = Path.of("target", "benchmark", "point-in-time.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.format("{\"events\":%d,\"asOfMs\":{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f},"
                + "\"baselineMs\":{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f}}%n", EVENTS, ms(asOf, 50), ms(asOf, 95),
                ms(asOf, 99), ms(baseline, 50), ms(baseline, 95), ms(baseline, 99)));
    }

    private static double ms(long[] sortedNanos, int percentile) {
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[index] / 1e6;
    }
}
