package com.payledger.query.rebuild;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a projection, or all of them in one pass over the log, from the event store while the service keeps
 * taking writes. The projections' own handlers replay every event into a shadow copy of their tables,
 * {@code payledger.rebuild.batch-size} events per transaction (default {@value #BATCH_SIZE_DEFAULT}); then, holding
 * an exclusive lock on the live tables, the shadows catch up with the last events and take their place (see
 * {@link ShadowSwap}). Writers wait for that lock, for as long as the events that arrived during the rebuild take to
 * replay, and PostgreSQL sends them to the new tables by name afterwards.
 *
 * <p>Only the projection's handlers run: nothing that sends commands or moves money is ever involved. The report
 * counts the rows that differed between the rebuilt and the live tables: zero means the live read model already
 * equalled a fold of the log.
 */
@Component
public class ProjectionRebuild {

    static final String SHADOW_SCHEMA = "read_model_rebuild";
    static final int BATCH_SIZE_DEFAULT = 1000;
    /** A bound on the events one transaction holds in memory and on the rows it locks. */
    static final int BATCH_SIZE_MAX = 10_000;
    /**
     * How often a swap is tried when other transactions keep the tables locked, and the first pause in between, which
     * doubles each time: about a minute in all, for each try holding up the tables' readers and writers at most a
     * second.
     */
    static final int SWAP_ATTEMPTS = 6;
    static final Duration SWAP_FIRST_PAUSE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);

    /** {@code state}: RUNNING, DONE or FAILED; {@code rowsThatDiffered} once the shadow replaced the live tables. */
    public record Progress(String projection, String state, long replayed, long total, Long rowsThatDiffered,
                           Instant startedAt, Instant finishedAt, String error) {
    }

    private final Map<String, RebuildableProjection> projections;
    private final EventStore eventStore;
    private final EventStorageEngine storageEngine;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    /**
     * Whether the statements queued for a batch go out from each projection's own thread while the next batch is
     * read and handled (see {@link ShadowProjection}), rather than in the handling transaction. Handlers that write
     * at once (they read their own rows) always write in the handling transaction.
     */
    private final boolean pipelined;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    /**
     * Whether a rebuild runs; read and written holding {@link #progress}'s monitor, with which a rebuild's final
     * state is published, so that a caller who saw it ended may start the next at once.
     */
    private boolean busy;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * {@code batchSize}: events replayed per transaction. 1 is Axon's naive replay (one event per projection
     * transaction), kept reachable so the benchmark can show what batching is worth.
     */
    ProjectionRebuild(List<RebuildableProjection> projections, EventStore eventStore,
                      EventStorageEngine storageEngine, JdbcTemplate jdbc,
                      TransactionTemplate transactions, Clock clock,
                      @Value("${payledger.rebuild.batch-size:" + BATCH_SIZE_DEFAULT + "}") int batchSize) {
        if (batchSize < 1 || batchSize > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("payledger.rebuild.batch-size must be 1 to " + BATCH_SIZE_MAX
                    + ", not " + batchSize);
        }
        this.projections = projections.stream()
                .collect(Collectors.toMap(RebuildableProjection::processingGroup, Function.identity()));
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        this.jdbc = jdbc;
        this.dataSource = Objects.requireNonNull(jdbc.getDataSource(), "a JdbcTemplate with a DataSource");
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
        // A thread handing each event to another costs more than it overlaps: one event per transaction is the
        // naive replay, which writes where it handles, as Axon's own processors do.
        this.pipelined = batchSize > 1;
    }

    public List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }

    /**
     * Starts rebuilding {@code name} in the background; empty when another rebuild is still running, here or on
     * another instance.
     */
    public Optional<Progress> start(String name) {
        return start(List.of(name)).map(started -> started.get(0));
    }

    /**
     * Starts rebuilding every projection in one pass over the log, which reads and deserializes each event once
     * for all of them; empty when another rebuild is still running, here or on another instance.
     */
    public Optional<List<Progress>> startAll() {
        return start(names());
    }

    private Optional<List<Progress>> start(List<String> names) {
        List<RebuildableProjection> chosen = names.stream().map(name -> {
            RebuildableProjection projection = projections.get(name);
            if (projection == null) {
                throw new IllegalArgumentException("no projection " + name + "; known: " + names());
            }
            return projection;
        }).toList();
        long total = eventCount();
        Instant startedAt = clock.instant();
        List<Progress> started = names.stream()
                .map(name -> new Progress(name, "RUNNING", 0, total, null, startedAt, null, null)).toList();
        synchronized (progress) {
            if (busy) {
                return Optional.empty();
            }
            Optional<ClusterRebuildLock> clusterLock = ClusterRebuildLock.tryTake(dataSource);
            if (clusterLock.isEmpty()) {
                return Optional.empty();
            }
            busy = true;
            started.forEach(each -> progress.put(each.projection(), each));
            runner.submit(() -> run(chosen, started, clusterLock.get()));
        }
        return Optional.of(started);
    }

    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(progress.get(name));
    }

    private void run(List<RebuildableProjection> chosen, List<Progress> started, ClusterRebuildLock clusterLock) {
        Ended ended = new Ended("FAILED", 0, Map.of(), "the rebuild ended unexpectedly; see the service's log");
        try {
            ended = rebuild(chosen, started);
        } catch (RuntimeException | InterruptedException | SQLException failure) {
            LOG.error("Rebuilding {} failed", names(started), failure);
            // The last progress it reported tells how far it got.
            long replayed = progress.get(started.get(0).projection()).replayed();
            ended = new Ended("FAILED", replayed, Map.of(), failure.getMessage());
        } finally {
            // Released before the end is published: a caller who saw it ended may start the next at once.
            clusterLock.release();
            synchronized (progress) {
                report(started, ended.state(), ended.replayed(), ended.rowsThatDiffered(), ended.error());
                busy = false;
            }
        }
    }

    /** How a rebuild ended, to publish once it cleaned up after itself. */
    private record Ended(String state, long replayed, Map<String, Long> rowsThatDiffered, String error) {
    }

    /** Replays, swaps and cleans up; the result is published only after. */
    private Ended rebuild(List<RebuildableProjection> chosen, List<Progress> started)
            throws InterruptedException, SQLException {
        List<ShadowProjection> shadows = new ArrayList<>();
        try {
            jdbc.execute("drop schema if exists " + SHADOW_SCHEMA + " cascade");
            jdbc.execute("create schema " + SHADOW_SCHEMA);
            ShadowSwap.prepare().forEach(jdbc::execute);
            try (BlockingStream<TrackedEventMessage<?>> log = eventStore.openStream(null)) {
                chosen.forEach(projection -> shadows.add(new ShadowProjection(projection, jdbc, SHADOW_SCHEMA)));
                ShadowReplay replay = new ShadowReplay(log, shadows, storageEngine, jdbc, transactions, batchSize,
                        pipelined, replayed -> report(started, "RUNNING", replayed, Map.of(), null));
                replay.towardsHead();
                long replayedAt = System.nanoTime();
                shadows.forEach(ShadowProjection::completeTables);
                long indexedAt = System.nanoTime();
                ShadowSwap.Swapped swapped = swapWhenFree(replay, shadows);
                // How long writers waited on the live tables' lock is what an operator wants to know.
                LOG.info("Rebuilt {}: replayed {} events, built the deferred indexes in {} ms, held the live tables' "
                        + "lock for {} ms to catch up and swap, then compared them in {} ms",
                        names(started), replay.replayed(), (indexedAt - replayedAt) / 1_000_000,
                        swapped.lockedMillis(), swapped.comparedMillis());
                if (swapped.countFailure() != null) {
                    LOG.warn("Rebuilt {}: {}", names(started), swapped.countFailure());
                }
                return new Ended("DONE", replay.replayed(), swapped.rowsThatDiffered(), swapped.countFailure());
            }
        } finally {
            shadows.forEach(ShadowProjection::close);
            dropWorkingSchemas();
        }
    }

    private static List<String> names(List<Progress> started) {
        return started.stream().map(Progress::projection).toList();
    }

    /** The shadow copies and the retired tables: a rebuild that ended, however, keeps neither. */
    private void dropWorkingSchemas() {
        for (String schema : List.of(SHADOW_SCHEMA, ShadowSwap.RETIRED_SCHEMA)) {
            try {
                jdbc.execute("drop schema if exists " + schema + " cascade");
            } catch (RuntimeException failure) {
                // The next rebuild drops it first; the one that ended keeps its own report.
                LOG.warn("Rebuild: could not drop schema {}", schema, failure);
            }
        }
    }

    private void report(List<Progress> started, String state, long replayed, Map<String, Long> differed,
                        String error) {
        Instant finishedAt = "RUNNING".equals(state) ? null : clock.instant();
        for (Progress each : started) {
            progress.put(each.projection(), new Progress(each.projection(), state, replayed, each.total(),
                    differed.get(each.projection()), each.startedAt(), finishedAt, error));
        }
    }

    /**
     * Puts the shadows in place of the live tables once no other transaction holds those, catching up first with
     * what arrived meanwhile (the first time: while the indexes were built).
     */
    private ShadowSwap.Swapped swapWhenFree(ShadowReplay replay, List<ShadowProjection> shadows)
            throws SQLException, InterruptedException {
        ShadowSwap swap = new ShadowSwap(dataSource, jdbc, transactions);
        Duration pause = SWAP_FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            replay.towardsHead();
            try {
                // Every event committed before the lock is visible to the catch-up under it. Commands blocked on the
                // lock commit later and update the new tables themselves.
                return swap.swap(shadows, replay::catchUp);
            } catch (ShadowSwap.LockNotAvailable busyTables) {
                if (attempt == SWAP_ATTEMPTS) {
                    throw new IllegalStateException("could not swap in " + SWAP_ATTEMPTS + " tries: "
                            + busyTables.getMessage() + "; rebuild again once the long query holding them ended",
                            busyTables);
                }
                LOG.warn("Rebuild: {}; trying again in {} ms", busyTables.getMessage(), pause.toMillis());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2);
            }
        }
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return count == null ? 0 : count;
    }
}
