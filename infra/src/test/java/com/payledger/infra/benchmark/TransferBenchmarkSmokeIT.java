package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.benchmark.TransferBenchmark.Comparison;
import com.payledger.infra.benchmark.TransferBenchmark.Figures;
import com.payledger.infra.benchmark.TransferBenchmark.Floor;
import com.payledger.infra.benchmark.TransferBenchmark.Logged;
import com.payledger.infra.benchmark.TransferBenchmark.Server;
import com.payledger.infra.benchmark.TransferBenchmark.Settings;
import com.payledger.infra.benchmark.TransferBenchmark.Step;
import com.payledger.infra.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@link TransferThroughputBenchmark} working: its whole code path with tiny numbers, on the suite's shared
 * PostgreSQL. Asserts only that it completes and its figures are sane, never a timing.
 */
class TransferBenchmarkSmokeIT {

    @Test
    void theTransferBenchmarkRunsEndToEndWithTinyNumbers() throws Exception {
        Server server = Server.of(TestDatabase.url(), TestDatabase.superuser(), TestDatabase.superuserPassword());
        Path output = Path.of("target", "benchmark", "transfers-smoke.json");
        Settings settings = new Settings(50, Duration.ofMillis(300), new int[] {1, 4}, new int[] {1, 4}, new int[] {4},
                Duration.ofSeconds(1), 5, Map.of("spring.datasource.hikari.maximum-pool-size", "8"),
                Duration.ofMillis(600), output);

        Figures figures = TransferBenchmark.run(server, settings);
        String table = TransferReport.table(figures);
        System.out.println(table);
        TransferReport.write(figures, output);

        assertThat(figures.tuned().steps()).extracting(Step::clients).containsExactly(1, 4);
        for (Step step : figures.tuned().steps()) {
            assertAllSucceeded(List.of(step.insertRow(), step.commandShape(), step.random(), step.hot(),
                    step.pointSelect(), step.balances(), step.keysetPage(), step.statements()));
        }
        assertThat(figures.tuned().floors()).extracting(Floor::clients).containsExactly(4);
        for (Floor floor : figures.tuned().floors()) {
            assertAllSucceeded(List.of(floor.tomcat(), floor.constant(), floor.pointSelect(), floor.commandShape()));
        }
        assertThat(figures.naive().comparisons()).extracting(Comparison::clients).containsExactly(1, 4);
        for (Comparison comparison : figures.naive().comparisons()) {
            List<Logged> runs = List.of(comparison.tunedRandom(), comparison.naiveRandom(), comparison.tunedHot(),
                    comparison.naiveHot());
            assertAllSucceeded(runs.stream().map(Logged::load).toList());
            assertThat(runs).allSatisfy(run -> {
                assertThat(run.catchUp()).isPositive();
                assertThat(run.sustainedPerSecond()).isPositive().isLessThan(run.load().perSecond());
            });
        }
        assertAllSucceeded(List.of(figures.tuned().lag().load()));
        assertThat(figures.tuned().lag().lags()).containsOnlyKeys(TransferBenchmark.TRACKING)
                .allSatisfy((processor, lag) -> {
                    assertThat(lag.events()).isPositive();
                    assertThat(lag.unprocessed()).isZero();
                });
        assertThat(figures.tuned().ownWritesRead()).isEqualTo(5);
        assertThat(figures.tuned().processors()).containsEntry("projection-accounts", "SubscribingEventProcessor");
        assertThat(figures.naive().processors()).containsEntry("audit-merkle-log", "TrackingEventProcessor");
        assertThat(figures.naive().aggregateCache()).isEqualTo("NoCache");
        assertThat(figures.tuned().transfersHeap().peak()).isPositive();
        // Rounds of 300 ms and a limit of 600 ms: it stops at the second round at the latest, whether or not the
        // compiler went quiet (a round lasts until its last request returns, so the second always ends past the
        // limit); a third of that before the comparison, so there one round.
        assertThat(figures.tuned().warmUp().rounds()).isBetween(1, 2);
        assertThat(figures.naive().warmUp().rounds()).isEqualTo(1);
        assertThat(table).contains("statement reads", "floor: stack + (b) in the handler", "naive transfers",
                "sustained", "audit-merkle-log", "heap", "warm-up before the first step, both services",
                "warm-up again before the comparison");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(output));
        assertThat(json.path("runs")).hasSize(2);
        assertThat(json.path("warmUp").path("rounds").asInt()).isPositive();
        assertThat(json.path("naive").path("warmUp").path("rounds").asInt()).isEqualTo(1);
        assertThat(json.path("runs").get(0).path("random").has("compileMillis")).isTrue();
        assertThat(json.path("floors").get(0).path("commandShape").path("opsPerSecond").asDouble()).isPositive();
        JsonNode naive = json.path("naive").path("runs").get(0);
        assertThat(naive.path("randomTunedOverNaive").asDouble()).isPositive();
        assertThat(naive.path("sustainedRandomTunedOverNaive").asDouble()).isPositive();
        assertThat(naive.path("naiveRandom").path("logCatchUpSeconds").asDouble()).isPositive();
    }

    /** Every operation of every run got the status it expected, each run did some, and its CPU time was taken. */
    private static void assertAllSucceeded(List<Load.Result> results) {
        assertThat(results).allSatisfy(result -> {
            assertThat(result.operations()).isPositive();
            assertThat(result.failures()).isZero();
            assertThat(result.clientCpuNanos()).as("the load generator's CPU time").isPositive();
        });
    }
}
