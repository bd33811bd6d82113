package com.payledger.query.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
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
 * equalled a fold of the log. It is recorded in the database ({@link RebuildRecords}), so any instance answers
 * about a rebuild another one runs. One rebuild runs in the whole cluster at a time ({@link ClusterRebuildLock}),
 * in schemas named after its lock's session, so that one that lost the lock cannot write into its successor's.
 */
@Component
public class ProjectionRebuild {

    static final int BATCH_SIZE_DEFAULT = 1000;
    /** A bound on the events one transaction holds in memory and on the rows it locks. */
    static final int BATCH_SIZE_MAX = 10_000;
    /**
     * How long a start waits for the lock when no rebuild is recorded as running: the one that just ended records its
     * end before it releases the lock, and a caller who saw it ended may start the next at once.
     */
    static final Duration LOCK_HANDOVER = Duration.ofSeconds(2);

    /** {@code state}: RUNNING, DONE or FAILED; {@code rowsThatDiffered} once the shadow replaced the live tables. */
    public record Progress(String projection, String state, long replayed, long total,
                           @Nullable Long rowsThatDiffered, Instant startedAt, @Nullable Instant finishedAt,
                           @Nullable String error) {
    }

    private final Map<String, RebuildableProjection> projections;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final Clock clock;
    private final RebuildRecords records;
    private final RebuildRun.Tools tools;
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
        this.jdbc = jdbc;
        this.dataSource = Objects.requireNonNull(jdbc.getDataSource(), "a JdbcTemplate with a DataSource");
        this.clock = clock;
        this.records = new RebuildRecords(jdbc);
        // Whether the statements queued for a batch go out from each projection's own thread while the next batch is
        // read and handled (see ShadowProjection). A thread handing each event to another costs more than it
        // overlaps: one event per transaction is the naive replay, which writes where it handles, as Axon's own
        // processors do.
        boolean pipelined = batchSize > 1;
        this.tools = new RebuildRun.Tools(eventStore, storageEngine, jdbc, dataSource, transactions, clock, batchSize,
                pipelined, records);
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
        // As the database keeps it: a caller tells this rebuild from another by its start.
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Progress> started = names.stream()
                .map(name -> new Progress(name, "RUNNING", 0, total, null, startedAt, null, null)).toList();
        Optional<ClusterRebuildLock> clusterLock = takeClusterLock();
        if (clusterLock.isEmpty()) {
            return Optional.empty();
        }
        try {
            records.begin(started, clusterLock.get().sessionPid());
            runner.submit(() -> new RebuildRun(tools, chosen, started, clusterLock.get()).run());
        } catch (RuntimeException failure) {
            clusterLock.get().release();
            throw failure;
        }
        return Optional.of(started);
    }

    /**
     * The cluster's rebuild lock; empty while another rebuild runs, here or on another instance. One that recorded
     * its end may not have released the lock yet: that one is waited for.
     */
    private Optional<ClusterRebuildLock> takeClusterLock() {
        long until = System.nanoTime() + LOCK_HANDOVER.toNanos();
        while (true) {
            Optional<ClusterRebuildLock> lock = ClusterRebuildLock.tryTake(dataSource);
            if (lock.isPresent() || records.anyRunning() || System.nanoTime() > until) {
                return lock;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** The latest rebuild of {@code name}, on any instance; empty when it was never rebuilt. */
    public Optional<Progress> progress(String name) {
        return progressOfAll().stream().filter(progress -> progress.projection().equals(name)).findFirst();
    }

    /** The latest rebuild of each projection ever rebuilt, on any instance. */
    public List<Progress> progressOfAll() {
        return records.all().stream().filter(progress -> projections.containsKey(progress.projection())).toList();
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return count == null ? 0 : count;
    }
}
