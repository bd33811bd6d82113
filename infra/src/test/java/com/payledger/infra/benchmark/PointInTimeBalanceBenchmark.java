package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.account.Account;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.benchmark.TransferBenchmark.Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * How fast a balance as of a past instant is for an account with {@value #EVENTS} events, against a same-run
 * baseline: an indexed point select on the same PostgreSQL. Not part of the default suite; run it with
 * {@code ./mvnw -B verify -Pbenchmark}. Prints a table and writes {@code target/benchmark/point-in-time.json}.
 *
 * <p>Two accounts are opened and funded through the command gateway, and {@value #EVENTS} transfers between them
 * are then inserted set-based ({@link RebuildLog}), so each account has about that many events within seconds. The
 * service's log processor takes them all in (with the balance checkpoints it stores every 100th event of an
 * account) before anything is timed, and must log every one of them. Then the lever of account snapshots on the same
 * account: its first transfer with the aggregate cache emptied, replaying the whole stream, then from a snapshot.
 */
class PointInTimeBalanceBenchmark {

    static final int EVENTS = Integer.getInteger("benchmark.events", 100_000);
    /**
     * Untimed requests first, in rounds until the JIT compiler is quiet ({@link JitWarmUp}), as the transfer benchmark
     * warms up. Timing the JVM's first requests on this path measured the compiler (p50 4.3 ms, while PostgreSQL
     * answered its queries in under 0.5 ms of it), and after a fixed 2,000 untimed requests it still compiled for 56%
     * of the measured requests' time.
     */
    static final Duration WARM_UP_ROUND = Duration.ofSeconds(2);
    /**
     * This benchmark's own limit on the warm-up, below the transfer benchmark's ({@link JitWarmUp#MAX}): it went quiet
     * after 34-50 s, and its whole minute did not fit the whole benchmark's 10 minutes on a slower machine (10 min 4 s
     * on 9773d7c). The table reports the compiler's share of the measured requests either way.
     */
    static final Duration WARM_UP_MAX = Duration.ofSeconds(Integer.getInteger("benchmark.pit-warm-up-max-seconds", 30));
    static final int SAMPLES = 2_000;
    static final int COLD_LOADS = 3;
    private static final String ACCOUNTS_PROJECTION = "projection-accounts";
    /** The first of the two accounts: about half the transfers debit it, half credit it. */
    static final String BUSY = RebuildLog.account(0);

    @Test
    void pointInTimeBalanceOfALongLivedAccount() throws Exception {
        try (BenchmarkPostgres postgres = BenchmarkPostgres.start()) {
            Server server = postgres.server();
            String database = server.url(server.create("pit", null));
            System.out.println("point-in-time benchmark on " + postgres.describe());
            measure(server, database);
        }
    }

    private static void measure(Server server, String database) throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(database, server.user(), server.password(), Map.of())) {
            LedgerClient client = ledger.client();
            Instant start = Instant.now();
            RebuildLog.openAndFund(ledger.context().getBean(CommandGateway.class), 2);
            RebuildLog.appendTransfers(new JdbcTemplate(new DriverManagerDataSource(database, server.user(),
                    server.password())), 2, EVENTS);
            JdbcTemplate jdbc = ledger.jdbc();
            long events = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
            Eventually.await(() -> jdbc.queryForObject("select count(*) from audit.merkle_leaves", Long.class),
                    logged -> logged >= events, Duration.ofMinutes(5), "the log to take every event in");
            Duration seeding = Duration.between(start, Instant.now());
            List<Instant> marks = jdbc.queryForList("""
                    select timestamp from event_store.domainevententry
                     where aggregateidentifier = ? and sequencenumber % 1000 = 500 order by sequencenumber""",
                    String.class, BUSY).stream().map(Instant::parse).toList();
            assertThat(jdbc.queryForObject("select max(sequencenumber) from event_store.domainevententry"
                    + " where aggregateidentifier = ?", Long.class, BUSY)).isGreaterThanOrEqualTo(EVENTS);
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean())
                    .as("every event logged").isTrue();

            Random random = new Random(42);
            JitWarmUp.Done warmUp = JitWarmUp.untilQuiet(WARM_UP_ROUND, WARM_UP_MAX, round -> {
                for (long end = System.nanoTime() + round.toNanos(); System.nanoTime() < end; ) {
                    sample(client, jdbc, marks, random);
                }
            });
            long[] asOf = new long[SAMPLES];
            long[] baseline = new long[SAMPLES];
            long compiledBefore = JitWarmUp.compileMillis();
            long measuredFrom = System.nanoTime();
            for (int i = 0; i < SAMPLES; i++) {
                Sample sample = sample(client, jdbc, marks, random);
                asOf[i] = sample.asOfNanos();
                baseline[i] = sample.baselineNanos();
            }
            double compileShare = (JitWarmUp.compileMillis() - compiledBefore) / ((System.nanoTime() - measuredFrom)
                    / 1e6);
            report(seeding, warmUp, asOf, baseline, compileShare, coldLoads(ledger));
        }
    }

    /** One balance as of a random mark over HTTP, then the baseline's point select; nanoseconds of each. */
    private static Sample sample(LedgerClient client, JdbcTemplate jdbc, List<Instant> marks, Random random) {
        Instant instant = marks.get(random.nextInt(marks.size()));
        long begin = System.nanoTime();
        assertThat(client.get("/api/v1/accounts/" + BUSY + "/balance?asOf=" + instant).status()).isEqualTo(200);
        long asOfNanos = System.nanoTime() - begin;
        begin = System.nanoTime();
        jdbc.queryForObject("select posted_minor from read_model.accounts where account_id = ?", Long.class, BUSY);
        return new Sample(asOfNanos, System.nanoTime() - begin);
    }

    private record Sample(long asOfNanos, long baselineNanos) {
    }

    /**
     * The account snapshots' lever: {@value #COLD_LOADS} times, the first transfer from the busy account with the
     * aggregate cache emptied (as after a restart), once with its snapshots deleted, so the load replays the whole
     * stream, and once more after the snapshot that load caused was stored. Each transfer goes to a new account.
     */
    private static ColdLoads coldLoads(ServiceInstance ledger) {
        LedgerClient client = ledger.client();
        JdbcTemplate jdbc = ledger.jdbc();
        Cache cache = ledger.context().getBean(Account.CACHE, Cache.class);
        // The history went into the event store set-based, past the balances' read model: rebuild it from the log
        // first, or the transfers below would find its row a hundred thousand events behind.
        assertThat(client.post("/api/v1/admin/projections/" + ACCOUNTS_PROJECTION + "/rebuild").status())
                .isEqualTo(202);
        Eventually.await(() -> client.get("/api/v1/admin/projections/" + ACCOUNTS_PROJECTION + "/rebuild").body()
                .get("state").asString(), "DONE"::equals, Duration.ofMinutes(2), "the rebuild of the balances");
        long[] fromEvents = new long[COLD_LOADS];
        long[] fromSnapshot = new long[COLD_LOADS];
        for (int i = 0; i < COLD_LOADS; i++) {
            jdbc.update("delete from event_store.snapshotevententry where aggregateidentifier = ?", BUSY);
            fromEvents[i] = firstTransferAfterEmptying(cache, client, "cold-events-" + i);
            Eventually.await(() -> jdbc.queryForObject("select count(*) from event_store.snapshotevententry "
                    + "where aggregateidentifier = ?", Long.class, BUSY), stored -> stored > 0,
                    Duration.ofMinutes(1), "the snapshot of " + BUSY);
            fromSnapshot[i] = firstTransferAfterEmptying(cache, client, "cold-snapshot-" + i);
        }
        return new ColdLoads(fromEvents, fromSnapshot);
    }

    private static long firstTransferAfterEmptying(Cache cache, LedgerClient client, String peer) {
        assertThat(client.openAccount(peer, "EUR", "owner-" + peer, null).status()).isEqualTo(201);
        cache.removeAll();
        long begin = System.nanoTime();
        assertThat(client.transfer(peer, BUSY, peer, 1, "EUR").status()).isEqualTo(201);
        return System.nanoTime() - begin;
    }

    /** Nanoseconds of each first transfer: with the whole stream replayed, and from the snapshot. */
    private record ColdLoads(long[] fromEvents, long[] fromSnapshot) {
    }

    /** {@code compileShare}: the JIT compiler's time over the measured requests' time, as in the transfer table. */
    private static void report(Duration seeding, JitWarmUp.Done warmUp, long[] asOf, long[] baseline,
                               double compileShare, ColdLoads cold) throws Exception {
        Arrays.sort(asOf);
        Arrays.sort(baseline);
        Arrays.sort(cold.fromEvents());
        Arrays.sort(cold.fromSnapshot());
        String table = String.format("""
                point-in-time balance, account with %d events (seeded in %d s); warm-up: %s
                                         p50 ms   p95 ms   p99 ms
                balance?asOf (HTTP)    %8.2f %8.2f %8.2f
                baseline: point select %8.2f %8.2f %8.2f
                ratio p50 %.1fx, p99 %.1fx; the JIT compiler compiled for %.0f%% of the measured requests' time
                first transfer from it with the aggregate cache empty (%d times each), median and worst ms:
                  its whole stream replayed (no snapshot)   %8.1f %8.1f
                  from its snapshot (payledger.snapshots)   %8.1f %8.1f   %.0fx faster""", EVENTS,
                seeding.toSeconds(), warmUp.describe(), ms(asOf, 50), ms(asOf, 95), ms(asOf, 99), ms(baseline, 50),
                ms(baseline, 95), ms(baseline, 99), ms(asOf, 50) / ms(baseline, 50), ms(asOf, 99) / ms(baseline, 99),
                compileShare * 100, COLD_LOADS, ms(cold.fromEvents(), 50), ms(cold.fromEvents(), 100),
                ms(cold.fromSnapshot(), 50), ms(cold.fromSnapshot(), 100),
                ms(cold.fromEvents(), 50) / ms(cold.fromSnapshot(), 50));
        System.out.println(table);
        Path out = Path.of("target", "benchmark", "point-in-time.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.format(Locale.ROOT, "{\"events\":%d,\"asOfMs\":{\"p50\":%.3f,\"p95\":%.3f,"
                + "\"p99\":%.3f},\"baselineMs\":{\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f},\"compileShare\":%.3f,"
                + "\"warmUpSeconds\":%.1f,\"coldTransferMs\":{\"fromEvents\":{\"median\":%.1f,\"max\":%.1f},"
                + "\"fromSnapshot\":{\"median\":%.1f,\"max\":%.1f}}}%n", EVENTS, ms(asOf, 50), ms(asOf, 95),
                ms(asOf, 99), ms(baseline, 50),
                ms(baseline, 95), ms(baseline, 99), compileShare, warmUp.seconds(), ms(cold.fromEvents(), 50),
                ms(cold.fromEvents(), 100), ms(cold.fromSnapshot(), 50), ms(cold.fromSnapshot(), 100)));
    }

    private static double ms(long[] sortedNanos, int percentile) {
        int index = Math.min(sortedNanos.length - 1, (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[index] / 1e6;
    }
}
