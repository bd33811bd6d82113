package com.payledger.query.rebuild;

import com.payledger.query.rebuild.ProjectionRebuild.Progress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One rebuild, from its start to the record of its end, on a thread of its own: replays the log into shadow tables
 * in schemas named after its lock's session (so that a rebuild that lost the lock, and has yet to notice, cannot write
 * into its successor's), swaps them in, and records how it ended before it lets go of the cluster's rebuild lock.
 */
final class RebuildRun {

    /**
     * Followed by the rebuild's lock session's pid and a random part: the schemas of its shadow tables and of the
     * retired ones. The pid names the rebuild for an operator; the random part keeps two rebuilds apart even when the
     * system hands a dead session's pid to its successor's.
     */
    static final String SHADOW_SCHEMA_PREFIX = "read_model_rebuild_";
    static final String RETIRED_SCHEMA_PREFIX = "read_model_retired_";
    /**
     * How often a swap is tried when other transactions keep the tables locked, and the first pause in between, which
     * doubles each time: about a minute of pauses. Each try waits at most {@link ShadowSwap#GATE_WAIT} for the
     * consistency checks that are comparing (holding up only the next ones, see {@link SwapGate}), then a second for
     * the tables' lock (holding up their readers and writers).
     */
    static final int SWAP_ATTEMPTS = 6;
    static final Duration SWAP_FIRST_PAUSE = Duration.ofSeconds(2);
    /** How often a running rebuild records its progress: each batch would be each event in the naive replay. */
    static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(RebuildRun.class);

    /** What every rebuild works with; {@code pipelined}: see {@link ShadowReplay}. */
    record Tools(EventStore eventStore, EventStorageEngine storageEngine, JdbcTemplate jdbc, DataSource dataSource,
                 TransactionTemplate transactions, Clock clock, int batchSize, boolean pipelined,
                 RebuildRecords records) {
    }

    /** How a rebuild ended, to record once it cleaned up after itself. */
    private record Ended(String state, long replayed, Map<String, Long> rowsThatDiffered, String error) {
    }

    private final Tools tools;
    private final List<RebuildableProjection> chosen;
    private final List<Progress> started;
    private final ClusterRebuildLock lock;
    private final String shadowSchema;
    private final String retiredSchema;
    private volatile long replayed;
    private long recordedAt = System.nanoTime();

    RebuildRun(Tools tools, List<RebuildableProjection> chosen, List<Progress> started, ClusterRebuildLock lock) {
        this.tools = tools;
        this.chosen = chosen;
        this.started = started;
        this.lock = lock;
        String suffix = lock.sessionPid() + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        this.shadowSchema = SHADOW_SCHEMA_PREFIX + suffix;
        this.retiredSchema = RETIRED_SCHEMA_PREFIX + suffix;
    }

    void run() {
        Ended ended = new Ended("FAILED", 0, Map.of(), "the rebuild ended unexpectedly; see the service's log");
        try {
            ended = rebuild();
        } catch (RuntimeException | InterruptedException | SQLException failure) {
            LOG.error("Rebuilding {} failed", names(started), failure);
            ended = new Ended("FAILED", replayed, Map.of(), failure.getMessage());
        } finally {
            // Recorded before the lock is released, so that no one reads a rebuild that ended as one that died.
            record(ended.state(), ended.replayed(), ended.rowsThatDiffered(), ended.error());
            lock.release();
        }
    }

    /** Replays, swaps and cleans up; the result is recorded only after. */
    private Ended rebuild() throws InterruptedException, SQLException {
        List<ShadowProjection> shadows = new ArrayList<>();
        try {
            // Also what a rebuild that died, or lost the lock and has yet to notice, left behind.
            dropSchemas(tools.jdbc().queryForList("select nspname from pg_namespace where nspname ~ ?", String.class,
                    "^read_model_(rebuild|retired)(_[0-9]+(_[0-9a-z]+)?)?$"));
            tools.jdbc().execute("create schema " + shadowSchema);
            tools.jdbc().execute("create schema " + retiredSchema);
            try (BlockingStream<TrackedEventMessage<?>> log = tools.eventStore().openStream(null)) {
                chosen.forEach(projection -> shadows.add(new ShadowProjection(projection, tools.jdbc(), shadowSchema)));
                ShadowReplay replay = new ShadowReplay(log, shadows, tools.storageEngine(), tools.jdbc(),
                        tools.transactions(), tools.batchSize(), tools.pipelined(), this::progressed);
                replay.towardsHead();
                long replayedAt = System.nanoTime();
                shadows.forEach(ShadowProjection::completeTables);
                long indexedAt = System.nanoTime();
                ShadowSwap.Swapped swapped = swapWhenFree(replay, shadows);
                // How long writers waited on the live tables' lock is what an operator wants to know.
                LOG.info("Rebuilt {}: replayed {} events, built the deferred indexes in {} ms, held the live "
                        + "tables' lock for {} ms to catch up and swap, then compared them in {} ms",
                        names(started), replay.replayed(), (indexedAt - replayedAt) / 1_000_000,
                        swapped.lockedMillis(), swapped.comparedMillis());
                if (swapped.countFailure() != null) {
                    LOG.warn("Rebuilt {}: {}", names(started), swapped.countFailure());
                }
                return new Ended("DONE", replay.replayed(), swapped.rowsThatDiffered(),
                        swapped.countFailure());
            }
        } finally {
            shadows.forEach(ShadowProjection::close);
            // Only its own: a rebuild that lost the lock must leave its successor's alone.
            dropSchemas(List.of(shadowSchema, retiredSchema));
        }
    }

    /** After each batch: stops a rebuild that lost the lock, and records the progress now and then. */
    private void progressed(long replayedSoFar) {
        replayed = replayedSoFar;
        lock.requireHeld();
        if (System.nanoTime() - recordedAt >= PROGRESS_EVERY.toNanos()) {
            record("RUNNING", replayedSoFar, Map.of(), null);
        }
    }

    private void record(String state, long replayedSoFar, Map<String, Long> differed, String error) {
        recordedAt = System.nanoTime();
        Instant finishedAt = "RUNNING".equals(state) ? null : tools.clock().instant().truncatedTo(ChronoUnit.MICROS);
        try {
            for (Progress each : started) {
                tools.records().update(new Progress(each.projection(), state, replayedSoFar, each.total(),
                        differed.get(each.projection()), each.startedAt(), finishedAt, error), lock.sessionPid());
            }
        } catch (RuntimeException failure) {
            // Not a reason to stop: a rebuild recorded RUNNING whose lock is gone reads as FAILED.
            LOG.warn("Rebuild: could not record the progress of {}", names(started), failure);
        }
    }

    /**
     * Puts the shadows in place of the live tables once no other transaction holds those, catching up first
     * with what arrived meanwhile (the first time: while the indexes were built).
     */
    private ShadowSwap.Swapped swapWhenFree(ShadowReplay replay, List<ShadowProjection> shadows)
            throws SQLException, InterruptedException {
        ShadowSwap swap = new ShadowSwap(tools.dataSource(), tools.jdbc(), tools.transactions(), retiredSchema,
                lock.sessionPid());
        Duration pause = SWAP_FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            replay.towardsHead();
            try {
                // Every event committed before the lock is visible to the catch-up under it. Commands blocked on
                // the lock commit later and update the new tables themselves.
                return swap.swap(shadows, replay::towardsHead, replay::catchUp);
            } catch (ShadowSwap.LockNotAvailable busyTables) {
                if (attempt == SWAP_ATTEMPTS) {
                    throw new IllegalStateException("could not swap in " + SWAP_ATTEMPTS + " tries: "
                            + busyTables.getMessage() + "; rebuild again once the long query holding them "
                            + "ended", busyTables);
                }
                LOG.warn("Rebuild: {}; trying again in {} ms", busyTables.getMessage(), pause.toMillis());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2);
                lock.requireHeld();
            }
        }
    }

    private static List<String> names(List<Progress> started) {
        return started.stream().map(Progress::projection).toList();
    }

    private void dropSchemas(List<String> schemas) {
        for (String schema : schemas) {
            try {
                tools.jdbc().execute("drop schema if exists " + schema + " cascade");
            } catch (RuntimeException failure) {
                // The next rebuild drops it first; the one that ended keeps its own report.
                LOG.warn("Rebuild: could not drop schema {}", schema, failure);
            }
        }
    }
}
