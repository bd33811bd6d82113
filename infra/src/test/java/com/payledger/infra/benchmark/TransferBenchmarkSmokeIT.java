package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.benchmark.TransferBenchmark.Figures;
import com.payledger.infra.benchmark.TransferBenchmark.Server;
import com.payledger.infra.benchmark.TransferBenchmark.Settings;
import com.payledger.infra.benchmark.TransferBenchmark.Step;
import com.payledger.infra.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        Settings settings = new Settings(50, Duration.ofMillis(300), new int[] {1, 4}, new int[] {1, 4},
                Duration.ofSeconds(1), 5, Map.of("spring.datasource.hikari.maximum-pool-size", "8"), output);

        Figures figures = TransferBenchmark.run(server, settings);
        String table = TransferReport.table(figures);
        System.out.println(table);
        TransferReport.write(figures, output);

        assertThat(figures.tuned().steps()).extracting(Step::clients).containsExactly(1, 4);
        for (Step step : figures.tuned().steps()) {
            for (Load.Result result : new Load.Result[] {step.insertRow(), step.commandShape(), step.random(),
                    step.hot(), step.pointSelect(), step.balances(), step.keysetPage(), step.statements()}) {
                assertThat(result.operations()).isPositive();
                assertThat(result.failures()).isZero();
            }
        }
        assertThat(figures.naive().random()).allSatisfy(result -> {
            assertThat(result.operations()).isPositive();
            assertThat(result.failures()).isZero();
        });
        assertThat(figures.tuned().lag().load().operations()).isPositive();
        assertThat(figures.tuned().lag().lags()).containsOnlyKeys(TransferBenchmark.TRACKING)
                .allSatisfy((processor, lag) -> {
                    assertThat(lag.events()).isPositive();
                    assertThat(lag.unprocessed()).isZero();
                });
        assertThat(figures.tuned().ownWritesRead()).isEqualTo(5);
        assertThat(figures.tuned().processors()).containsEntry("projection-accounts", "SubscribingEventProcessor");
        assertThat(figures.naive().processors()).containsEntry("audit-merkle-log", "TrackingEventProcessor");
        assertThat(figures.tuned().transfersHeap().peak()).isPositive();
        assertThat(table).contains("statement reads", "naive transfers", "audit-merkle-log", "heap");
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(output));
        assertThat(json.path("runs")).hasSize(2);
        assertThat(json.path("naive").path("runs").get(0).path("tunedOverNaive").asDouble()).isPositive();
    }
}
