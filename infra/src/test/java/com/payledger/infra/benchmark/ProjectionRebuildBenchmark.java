package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.benchmark.ProjectionRebuildRun.Database;
import com.payledger.infra.benchmark.ProjectionRebuildRun.Figures;
import com.payledger.infra.benchmark.ProjectionRebuildRun.Rebuilt;
import com.payledger.infra.benchmark.TransferBenchmark.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rebuilding the read models from a log of {@value #DEFAULT_EVENTS} events (change with
 * {@code -Dbenchmark.rebuildEvents=N}), in events per second, through the shipped projection rebuild
 * ({@value ProjectionRebuildRun#SHIPPED_BATCH_SIZE} events per transaction), against two figures from the same run:
 * <ul>
 *   <li>baseline (d), the same tables rebuilt set-based with plain JDBC, {@value SetBasedRebuild#BATCH} events per
 *       transaction, from the log's first {@value #DEFAULT_BASELINE_EVENTS} events
 *       ({@code -Dbenchmark.rebuildBaselineEvents=N}): its cost per event does not fall as the log grows, so the
 *       prefix does not flatter the rebuild's ratio to it, and the whole log took it 57-96 s here;</li>
 *   <li>the naive replay, the same rebuild with one event per transaction, from the log's first
 *       {@value #DEFAULT_NAIVE_EVENTS} events ({@code -Dbenchmark.rebuildNaiveEvents=N}), because the whole log would
 *       take many minutes that way.</li>
 * </ul>
 * Also reports this JVM's peak heap and resident memory; the service runs inside it. Runs on its own embedded
 * PostgreSQL with durable commits. Part of {@code ./mvnw -B verify -Pbenchmark}; prints a table and writes
 * {@code target/benchmark/rebuild.json}.
 */
class ProjectionRebuildBenchmark {

    static final long DEFAULT_EVENTS = 1_000_000;
    static final long DEFAULT_NAIVE_EVENTS = 10_000;
    static final long DEFAULT_BASELINE_EVENTS = 250_000;
    static final long EVENTS = Long.getLong("benchmark.rebuildEvents", DEFAULT_EVENTS);
    static final long BASELINE_EVENTS = Math.min(EVENTS, Long.getLong("benchmark.rebuildBaselineEvents",
            DEFAULT_BASELINE_EVENTS));
    static final long NAIVE_EVENTS = Math.min(EVENTS, Long.getLong("benchmark.rebuildNaiveEvents",
            DEFAULT_NAIVE_EVENTS));
    static final int ACCOUNTS = Integer.getInteger("benchmark.rebuildAccounts", 1_000);
    /** The performance issue's targets, printed next to the figures. */
    static final double TARGET_VS_BASELINE = 0.2;
    static final double TARGET_VS_NAIVE = 15;
    static final long TARGET_HEAP_BYTES = 512L * 1024 * 1024;

    @Test
    void rebuildOfEveryReadModelAgainstTheSameRunBaselines() throws Exception {
        try (BenchmarkPostgres postgres = BenchmarkPostgres.start()) {
            Server server = postgres.server();
            Figures figures = ProjectionRebuildRun.run(new ProjectionRebuildRun.Settings(EVENTS, BASELINE_EVENTS,
                    NAIVE_EVENTS, ACCOUNTS, Boolean.getBoolean("benchmark.consistency-check")), () -> {
                        try {
                            String name = server.create("rebuild", null);
                            return new Database(server.url(name), server.user(), server.password(), server.user(),
                                    server.password());
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(interrupted);
                        }
                    });
            System.out.println("rebuild benchmark on " + postgres.describe());
            System.out.println(report(figures, Path.of("target", "benchmark", "rebuild.json")));
            assertThat(figures.checks().all()).as(figures.checks().toString()).isTrue();
        }
    }

    /** Prints nothing; returns the table and writes the same figures as JSON to {@code json}. */
    static String report(Figures figures, Path json) throws IOException {
        Files.createDirectories(json.getParent());
        Files.writeString(json, json(figures));
        return table(figures);
    }

    static String table(Figures f) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "projection rebuild: log of %,d events over %,d accounts (seeded in "
                + "%.0f s), durable commits, %d cores", f.logEvents(), f.settings().accounts(), f.seedSeconds(),
                Runtime.getRuntime().availableProcessors()));
        lines.add(String.format(Locale.ROOT, "%-46s %10s %8s %10s %8s %8s", "", "events", "seconds", "events/s",
                "vs (d)", "vs naive"));
        lines.add(line("baseline (d): set-based SQL, 100 events/tx", f.baselineEvents(), f.baselineSeconds(),
                f.baselinePerSecond(), f, -1));
        Rebuilt tuned = f.tuned();
        lines.add(line(tuned.projection() + ", " + tuned.batchSize() + "/tx", tuned.events(), tuned.seconds(),
                tuned.perSecond(), f, f.tunedPerSecond() / f.naivePerSecond()));
        Rebuilt naive = f.naive();
        lines.add(line("naive: " + naive.projection() + ", 1/tx", naive.events(), naive.seconds(),
                naive.perSecond(), f, -1));
        lines.add(String.format(Locale.ROOT, "baseline (d) read the log's first %,d events, the naive replay its "
                + "first %,d: neither costs less per event on a longer log", f.baselineEvents(), naive.events()));
        lines.add(String.format(Locale.ROOT, "targets: all three >= %.1fx (d): %.2fx; >= %.0fx naive: %.1fx",
                TARGET_VS_BASELINE, f.tunedPerSecond() / f.baselinePerSecond(), TARGET_VS_NAIVE,
                f.tunedPerSecond() / f.naivePerSecond()));
        lines.add(String.format(Locale.ROOT, "memory, this JVM (the service runs inside it): heap used at peak %.0f "
                + "MiB (target < %d MiB; max heap %.0f MiB), resident peak (VmHWM) %.0f MiB",
                PeakMemory.Figures.mebibytes(f.memory().heapUsedPeakBytes()), TARGET_HEAP_BYTES / (1024 * 1024),
                PeakMemory.Figures.mebibytes(f.memory().heapMaxBytes()),
                PeakMemory.Figures.mebibytes(f.memory().residentPeakBytes())));
        lines.add("checks: " + f.checks());
        return String.join(System.lineSeparator(), lines);
    }

    private static String line(String what, long events, double seconds, double perSecond, Figures f,
                               double versusNaive) {
        return String.format(Locale.ROOT, "%-46s %,10d %8.1f %,10.0f %7.2fx %8s", what, events, seconds, perSecond,
                perSecond / f.baselinePerSecond(), versusNaive < 0 ? "" : String.format(Locale.ROOT, "%.1fx",
                        versusNaive));
    }

    static String json(Figures f) {
        return String.format(Locale.ROOT, "{\"events\":%d,\"accounts\":%d,\"seedSeconds\":%.1f,"
                + "\"baselineD\":{\"batchSize\":%d,\"events\":%d,\"seconds\":%.3f,\"eventsPerSecond\":%.1f},"
                + "\"rebuild\":{\"batchSize\":%d,\"eventsPerSecond\":%.1f,\"vsBaselineD\":%.3f,\"vsNaive\":%.2f,"
                + "\"projections\":[%s]},"
                + "\"naive\":{\"batchSize\":1,\"events\":%d,\"eventsPerSecond\":%.1f,\"projections\":[%s]},"
                + "\"memory\":{\"heapUsedPeakBytes\":%d,\"heapMaxBytes\":%d,\"residentPeakBytes\":%d},"
                + "\"checks\":{\"rowCountsMatchTheLog\":%b,\"consistent\":%s,\"baselineEqualsRebuild\":%b}}%n",
                f.logEvents(), f.settings().accounts(), f.seedSeconds(), SetBasedRebuild.BATCH, f.baselineEvents(),
                f.baselineSeconds(), f.baselinePerSecond(), ProjectionRebuildRun.SHIPPED_BATCH_SIZE,
                f.tunedPerSecond(), f.tunedPerSecond() / f.baselinePerSecond(),
                f.tunedPerSecond() / f.naivePerSecond(), json(List.of(f.tuned())), f.naive().events(),
                f.naivePerSecond(), json(List.of(f.naive())), f.memory().heapUsedPeakBytes(), f.memory().heapMaxBytes(),
                f.memory().residentPeakBytes(), f.checks().rowCountsMatchTheLog(), f.checks().consistent(),
                f.checks().baselineEqualsRebuild());
    }

    private static String json(List<Rebuilt> rebuilt) {
        return rebuilt.stream().map(r -> String.format(Locale.ROOT, "{\"projection\":\"%s\",\"events\":%d,"
                + "\"seconds\":%.3f,\"eventsPerSecond\":%.1f,\"rowsThatDiffered\":%d}", r.projection(), r.events(),
                r.seconds(), r.perSecond(), r.rowsThatDiffered())).collect(Collectors.joining(","));
    }
}
