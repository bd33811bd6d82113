package com.payledger.infra.benchmark;

import com.payledger.infra.benchmark.TransferBenchmark.Figures;
import com.payledger.infra.benchmark.TransferBenchmark.Floor;
import com.payledger.infra.benchmark.TransferBenchmark.Heap;
import com.payledger.infra.benchmark.TransferBenchmark.Logged;
import com.payledger.infra.benchmark.TransferBenchmark.Comparison;
import com.payledger.infra.benchmark.TransferBenchmark.Step;
import com.payledger.infra.benchmark.TransferBenchmark.Tuned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The transfer benchmark's figures as a table on standard output and as JSON. */
final class TransferReport {

    private static final String ROW = "%-34s %7d %9.0f %8.2f %8.2f %8.2f %11.0f %6.0f%% %10s";
    private static final double MIB = 1024.0 * 1024.0;

    private TransferReport() {
    }

    static String table(Figures figures) {
        List<String> lines = new ArrayList<>();
        lines.add(format("%-34s %7s %9s %8s %8s %8s %11s %7s %10s", "durable commits, "
                + figures.settings().accounts() + " accounts", "clients", "ops/s", "p50 ms", "p95 ms", "p99 ms",
                "client us", "jit", "ratio"));
        for (Step step : figures.tuned().steps()) {
            lines.add(row("baseline (a) insert one row", step.insertRow(), null));
            lines.add(row("baseline (b) command shape", step.commandShape(), null));
            lines.add(row("transfers, random accounts", step.random(), step.commandShape()));
            lines.add(row("transfers, one hot account", step.hot(), step.commandShape()));
            lines.add(row("baseline (c) point select", step.pointSelect(), null));
            lines.add(row("balance reads", step.balances(), step.pointSelect()));
            lines.add(row("baseline (d) keyset page of 20", step.keysetPage(), null));
            lines.add(row("statement reads, 20 entries", step.statements(), step.keysetPage()));
        }
        lines.add("client us: the load generator's CPU time per operation, in microseconds, on the same 2 cores; "
                + "jit: the JIT compiler's time compiling, summed over its threads, as a share of the run's time");
        lines.add("warm-up before the first step, both services (the naive one with random transfers, then idle until "
                + "its comparison): " + figures.tuned().warmUp().describe());
        lines.add("");
        lines.addAll(floors(figures));
        lines.add("");
        lines.addAll(naive(figures));
        lines.add("");
        lines.addAll(lag(figures.tuned()));
        lines.add("");
        lines.add(heap(figures));
        return String.join(System.lineSeparator(), lines);
    }

    private static List<String> floors(Figures figures) {
        List<String> lines = new ArrayList<>();
        lines.add("the stack's floor, right after the step at the same clients: no ledger work, or only a baseline's "
                + "statement in the handler of the service's whole stack; ratio to that baseline in that step");
        for (Floor floor : figures.tuned().floors()) {
            Step step = figures.tuned().steps().stream().filter(each -> each.clients() == floor.clients())
                    .findFirst().orElseThrow();
            lines.add(row("floor: Tomcat alone, constant", floor.tomcat(), step.pointSelect()));
            lines.add(row("floor: stack, constant answer", floor.constant(), step.pointSelect()));
            lines.add(row("floor: stack + (c) in the handler", floor.pointSelect(), step.pointSelect()));
            lines.add(row("floor: stack + (b) in the handler", floor.commandShape(), step.commandShape()));
        }
        return lines;
    }

    private static List<String> naive(Figures figures) {
        List<String> lines = new ArrayList<>();
        lines.add("naive configuration, Axon's defaults: " + new TreeMap<>(TransferBenchmark.NAIVE) + " (aggregate "
                + "cache: " + figures.naive().aggregateCache() + "); clients "
                + Arrays.toString(figures.settings().naiveClients()) + " only, each run right after the same run on "
                + "the tuned service. Ratio: tuned / naive.");
        lines.add("warm-up again before the comparison, both services' random transfers: "
                + figures.naive().warmUp().describe());
        for (Comparison comparison : figures.naive().comparisons()) {
            lines.add(row("tuned transfers, random accounts", comparison.tunedRandom().load(), null));
            lines.add(rowWithRatio("naive transfers, random accounts", comparison.naiveRandom().load(),
                    format("%.2fx", comparison.randomTunedOverNaive())));
            lines.add(row("tuned transfers, one hot account", comparison.tunedHot().load(), null));
            lines.add(rowWithRatio("naive transfers, one hot account", comparison.naiveHot().load(),
                    format("%.2fx", comparison.hotTunedOverNaive())));
        }
        lines.add("");
        lines.addAll(sustained(figures));
        return lines;
    }

    private static List<String> sustained(Figures figures) {
        List<String> lines = new ArrayList<>();
        lines.add("the same runs, sustained: each run's transfers over its time plus the time its service's "
                + TransferBenchmark.LOG_APPENDER + " took to catch up after it (polled every "
                + ProjectionLag.POLL_MILLIS + " ms)");
        lines.add(format("%-34s %7s %9s %9s %9s %9s %10s", "transfers", "clients", "tuned/s", "catch-up",
                "naive/s", "catch-up", "ratio"));
        for (Comparison comparison : figures.naive().comparisons()) {
            lines.add(sustainedRow("random accounts", comparison.clients(), comparison.tunedRandom(),
                    comparison.naiveRandom()));
            lines.add(sustainedRow("one hot account", comparison.clients(), comparison.tunedHot(),
                    comparison.naiveHot()));
        }
        lines.add("catch-up in seconds; ratio: tuned / naive, sustained");
        return lines;
    }

    private static String sustainedRow(String what, int clients, Logged tuned, Logged naive) {
        return format("%-34s %7d %9.0f %8.2fs %9.0f %8.2fs %9.2fx", what, clients, tuned.sustainedPerSecond(),
                seconds(tuned.catchUp()), naive.sustainedPerSecond(), seconds(naive.catchUp()),
                tuned.sustainedPerSecond() / naive.sustainedPerSecond());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static List<String> lag(Tuned tuned) {
        ProjectionLag.Measured measured = tuned.lag();
        Load.Result load = measured.load();
        List<String> lines = new ArrayList<>();
        lines.add(format("projection lag: open-loop random transfers at %.0f/s (half the best random rate) "
                + "for %.0f s, %d workers; achieved %.0f/s, latency from schedule p50 %.2f ms, p99 %.2f ms%s",
                tuned.pacedRate(), load.seconds(), load.clients(), load.perSecond(), load.millis(50),
                load.millis(99), load.failures() > 0 ? " (" + load.failures() + " failed)" : ""));
        lines.add(format("%-34s %9s %9s %9s %9s %12s", "tracking processor", "events", "p50 ms", "p99 ms",
                "max ms", "unprocessed"));
        for (ProjectionLag.Result lag : measured.lags().values()) {
            lines.add(format("%-34s %9d %9.1f %9.1f %9.1f %12d", lag.processor(), lag.events(),
                    lag.millis(50), lag.millis(99), lag.millis(100), lag.unprocessed()));
        }
        lines.add("lag: from the event's timestamp (before its commit) to the first token sample covering it, polled "
                + "every " + ProjectionLag.POLL_MILLIS + " ms: an upper bound. automation-recurring-payments handles "
                + "no transfer event: Axon skips them and stores its token about once a second");
        lines.add(format("read models %s: lag 0 by construction; %d of %d transfers read back at once",
                subscribing(tuned.processors()), tuned.ownWritesRead(), tuned.ownWritesProbed()));
        return lines;
    }

    private static String heap(Figures figures) {
        Heap tuned = figures.tuned().transfersHeap();
        return format("heap over the tuned service's transfer steps (the service, the idle naive one, the baselines' "
                + "pool and the load generator share this JVM): peak %.0f MiB, %s; max heap %.0f MiB",
                tuned.peak() / MIB, afterGc(tuned), tuned.max() / MIB);
    }

    private static String afterGc(Heap heap) {
        return heap.peakAfterGc() == 0 ? "no collection ran" : format("%.0f MiB after GC", heap.peakAfterGc() / MIB);
    }

    static void write(Figures figures, Path out) throws Exception {
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json(figures));
    }

    static String json(Figures figures) {
        StringBuilder json = new StringBuilder(format("{\"accounts\":%d,\"stepSeconds\":%.1f,\"warmUp\":%s,"
                + "\"runs\":[", figures.settings().accounts(), figures.settings().step().toMillis() / 1000.0,
                json(figures.tuned().warmUp())));
        json.append(figures.tuned().steps().stream().map(step -> format("{\"clients\":%d,\"a\":%s,\"b\":%s,"
                + "\"random\":%s,\"hot\":%s,\"c\":%s,\"reads\":%s,\"d\":%s,\"statements\":%s}", step.clients(),
                json(step.insertRow()), json(step.commandShape()), json(step.random()), json(step.hot()),
                json(step.pointSelect()), json(step.balances()), json(step.keysetPage()),
                json(step.statements()))).collect(Collectors.joining(",")));
        json.append("],\"floors\":[").append(figures.tuned().floors().stream().map(floor -> format(
                "{\"clients\":%d,\"tomcat\":%s,\"constant\":%s,\"pointSelect\":%s,\"commandShape\":%s}",
                floor.clients(), json(floor.tomcat()), json(floor.constant()), json(floor.pointSelect()),
                json(floor.commandShape()))).collect(Collectors.joining(",")));
        json.append("],\"naive\":{\"settings\":").append(json(TransferBenchmark.NAIVE))
                .append(",\"aggregateCache\":\"").append(figures.naive().aggregateCache())
                .append("\",\"warmUp\":").append(json(figures.naive().warmUp())).append(",\"runs\":[");
        json.append(figures.naive().comparisons().stream().map(TransferReport::json)
                .collect(Collectors.joining(",")));
        json.append("]},").append(lagJson(figures.tuned())).append(",").append(heapJson(figures)).append("}\n");
        return json.toString();
    }

    private static String json(Comparison comparison) {
        return format("{\"clients\":%d,\"tunedRandom\":%s,\"naiveRandom\":%s,\"tunedHot\":%s,\"naiveHot\":%s,"
                + "\"randomTunedOverNaive\":%.3f,\"hotTunedOverNaive\":%.3f,"
                + "\"sustainedRandomTunedOverNaive\":%.3f,\"sustainedHotTunedOverNaive\":%.3f}",
                comparison.clients(), json(comparison.tunedRandom()), json(comparison.naiveRandom()),
                json(comparison.tunedHot()), json(comparison.naiveHot()), comparison.randomTunedOverNaive(),
                comparison.hotTunedOverNaive(), comparison.sustainedRandomTunedOverNaive(),
                comparison.sustainedHotTunedOverNaive());
    }

    private static String json(JitWarmUp.Done warmUp) {
        return format("{\"rounds\":%d,\"seconds\":%.1f,\"lastRoundCompileMillis\":%d,\"quiet\":%b}",
                warmUp.rounds(), warmUp.seconds(), warmUp.lastRoundCompileMillis(), warmUp.quiet());
    }

    /** A run's own figures, the audit log's catch-up after it and the rate counting that catch-up. */
    private static String json(Logged logged) {
        String load = json(logged.load());
        return load.substring(0, load.length() - 1) + format(",\"logCatchUpSeconds\":%.3f,"
                + "\"sustainedOpsPerSecond\":%.1f}", seconds(logged.catchUp()), logged.sustainedPerSecond());
    }

    private static String lagJson(Tuned tuned) {
        String processors = tuned.lag().lags().values().stream().map(lag -> format(
                "\"%s\":{\"events\":%d,\"unprocessed\":%d,\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f}", lag.processor(),
                lag.events(), lag.unprocessed(), lag.millis(50), lag.millis(99), lag.millis(100)))
                .collect(Collectors.joining(","));
        return format("\"lag\":{\"ratePerSecond\":%.1f,\"pollMillis\":%d,\"load\":%s,\"processors\":{%s}},"
                + "\"readModels\":{\"processors\":%s,\"ownWritesRead\":%d,\"ownWritesProbed\":%d}",
                tuned.pacedRate(), ProjectionLag.POLL_MILLIS, json(tuned.lag().load()), processors,
                json(tuned.processors()), tuned.ownWritesRead(), tuned.ownWritesProbed());
    }

    private static String heapJson(Figures figures) {
        Heap tuned = figures.tuned().transfersHeap();
        return format("\"heapMiB\":{\"transfersPeak\":%.1f,\"transfersPeakAfterGc\":%.1f,\"max\":%.1f}",
                tuned.peak() / MIB, tuned.peakAfterGc() / MIB, tuned.max() / MIB);
    }

    private static String subscribing(Map<String, String> processors) {
        return processors.entrySet().stream().filter(entry -> entry.getKey().startsWith("projection-"))
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
    }

    private static String row(String what, Load.Result result, Load.Result baseline) {
        String ratio = baseline == null ? "" : format("%.2fx", result.perSecond() / baseline.perSecond());
        return rowWithRatio(what, result, ratio);
    }

    private static String rowWithRatio(String what, Load.Result result, String ratio) {
        return format(ROW, what, result.clients(), result.perSecond(), result.millis(50), result.millis(95),
                result.millis(99), result.clientMicrosPerOperation(), result.compileShare() * 100, ratio)
                + (result.failures() > 0 ? "  (" + result.failures() + " failed)" : "");
    }

    private static String json(Load.Result result) {
        return format("{\"opsPerSecond\":%.1f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"failures\":%d,"
                + "\"clientCpuMicrosPerOp\":%.1f,\"compileMillis\":%d}", result.perSecond(), result.millis(50),
                result.millis(95), result.millis(99), result.failures(), result.clientMicrosPerOperation(),
                result.compileMillis());
    }

    /** Numbers with a decimal point whatever the default locale: the JSON must parse. */
    private static String format(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }

    private static String json(Map<String, String> values) {
        return values.entrySet().stream().map(entry -> "\"" + entry.getKey() + "\":\"" + entry.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
