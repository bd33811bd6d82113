package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.benchmark.ProjectionRebuildRun.Database;
import com.payledger.infra.benchmark.ProjectionRebuildRun.Figures;
import com.payledger.infra.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link ProjectionRebuildBenchmark} working in the default suite: the same run with a log of a few thousand
 * events, on the suite's shared PostgreSQL. Asserts that it completes with correct results and sane figures, never
 * how fast anything was.
 */
class ProjectionRebuildBenchmarkSmokeIT {

    @Test
    void givenATinyLog_whenTheRebuildBenchmarkRuns_thenEveryFigureIsThereAndTheReadModelsEqualTheLog()
            throws Exception {
        Figures figures = ProjectionRebuildRun.run(new ProjectionRebuildRun.Settings(3_000, 1_000, 300, 20, true),
                () -> new Database(TestDatabase.newDatabase(), TestDatabase.user(), TestDatabase.password(),
                        TestDatabase.superuser(), TestDatabase.superuserPassword()));

        assertThat(figures.checks().all()).as(figures.checks().toString()).isTrue();
        assertThat(figures.logEvents()).isBetween(2_999L, 3_001L);
        assertThat(figures.baselineEvents()).as("the baseline reads a prefix, to the end of a batch of 100")
                .isBetween(1_000L, 1_099L);
        assertThat(figures.tuned().events()).isEqualTo(figures.logEvents());
        assertThat(figures.tuned().perSecond()).isPositive().isFinite();
        assertThat(figures.naive().events()).isEqualTo(300L);
        assertThat(figures.memory().heapUsedPeakBytes()).isPositive();
        Path json = Path.of("target", "benchmark", "rebuild-smoke.json");
        String table = ProjectionRebuildBenchmark.report(figures, json);
        assertThat(table).contains("baseline (d)", "one pass", "naive: all three", "VmHWM");
        assertThat(Files.readString(json)).contains("\"eventsPerSecond\"", "\"residentPeakBytes\"");
    }
}
