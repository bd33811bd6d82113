package com.payledger.query.rebuild;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds a projection from the event store while the service keeps taking writes. The projection's own handlers
 * replay every event into a shadow copy of its tables, {@code payledger.rebuild.batch-size} events per transaction
 * (default {@value #BATCH_SIZE_DEFAULT}); then, in one short transaction that locks the live tables, the shadow
 * catches up with the last events and replaces them. Writers wait for that lock for milliseconds, and PostgreSQL
 * sends them to the new tables by name afterwards.
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
    static final int DRAIN_TIMEOUT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionRebuild.class);

    /** {@code state}: RUNNING, DONE or FAILED; {@code rowsThatDiffered} once the shadow replaced the live tables. */
    public record Progress(String projection, String state, long replayed, long total, Long rowsThatDiffered,
                           Instant startedAt, Instant finishedAt, String error) {
    }

    private final Map<String, RebuildableProjection> projections;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * {@code batchSize}: events replayed per transaction. 1 is Axon's naive replay (one event per projection
     * transaction), kept reachable so the benchmark can show what batching is worth.
     */
    ProjectionRebuild(List<RebuildableProjection> projections, EventStore eventStore, JdbcTemplate jdbc,
                      TransactionTemplate transactions, Clock clock,
                      @Value("${payledger.rebuild.batch-size:" + BATCH_SIZE_DEFAULT + "}") int batchSize) {
        if (batchSize < 1 || batchSize > BATCH_SIZE_MAX) {
            throw new IllegalArgumentException("payledger.rebuild.batch-size must be 1 to " + BATCH_SIZE_MAX
                    + ", not " + batchSize);
        }
        this.projections = projections.stream()
                .collect(Collectors.toMap(RebuildableProjection::processingGroup, Function.identity()));
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    public List<String> names() {
        return projections.keySet().stream().sorted().toList();
    }

    /** Starts rebuilding {@code name} in the background; empty when another rebuild is still running. */
    public Optional<Progress> start(String name) {
        RebuildableProjection projection = projections.get(name);
        if (projection == null) {
            throw new IllegalArgumentException("no projection " + name + "; known: " + names());
        }
        if (!busy.compareAndSet(false, true)) {
            return Optional.empty();
        }
        Progress started = new Progress(name, "RUNNING", 0, eventCount(), null, clock.instant(), null, null);
        progress.put(name, started);
        runner.submit(() -> run(projection, started));
        return Optional.of(started);
    }

    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(progress.get(name));
    }

    private void run(RebuildableProjection projection, Progress started) {
        try {
            List<String> completeShadow = createShadow(projection);
            BatchedWriter writer = new BatchedWriter(jdbc);
            AnnotationEventHandlerAdapter shadow = new AnnotationEventHandlerAdapter(
                    projection.writingTo(SHADOW_SCHEMA, writer));
            try (BlockingStream<TrackedEventMessage<?>> log = eventStore.openStream(null)) {
                long replayed = 0;
                Replayed position = new Replayed();
                for (List<TrackedEventMessage<?>> batch = next(log, position, batchSize); !batch.isEmpty();
                     batch = next(log, position, batchSize)) {
                    List<TrackedEventMessage<?>> events = batch;
                    transactions.executeWithoutResult(status -> {
                        events.forEach(event -> handle(shadow, event));
                        writer.flush();
                    });
                    replayed += batch.size();
                    progress.put(started.projection(), withReplayed(started, replayed));
                }
                long replayedAt = System.nanoTime();
                completeShadow.forEach(jdbc::execute);
                long differed = swap(projection, shadow, writer, log, position);
                LOG.info("Rebuilt {}: replayed {} events, then indexed and swapped in {} ms", started.projection(),
                        replayed, (System.nanoTime() - replayedAt) / 1_000_000);
                progress.put(started.projection(), new Progress(started.projection(), "DONE",
                        progress.get(started.projection()).replayed(), started.total(), differed,
                        started.startedAt(), clock.instant(), null));
            }
        } catch (RuntimeException | InterruptedException failure) {
            LOG.error("Rebuilding {} failed", started.projection(), failure);
            progress.put(started.projection(), new Progress(started.projection(), "FAILED",
                    progress.get(started.projection()).replayed(), started.total(), null, started.startedAt(),
                    clock.instant(), failure.getMessage()));
        } finally {
            busy.set(false);
        }
    }

    /**
     * Under an exclusive lock on the live tables: apply what arrived since the replay, count the rows that differ,
     * and put the shadow tables in place of the live ones.
     */
    private long swap(RebuildableProjection projection, AnnotationEventHandlerAdapter shadow, BatchedWriter writer,
                      BlockingStream<TrackedEventMessage<?>> log, Replayed replayed) {
        Long differed = transactions.execute(status -> {
            jdbc.execute("lock table " + live(projection) + " in access exclusive mode");
            // Every event committed before the lock is now visible. Transactions commit out of index order, so the
            // stream may have passed indexes that were still open then; read again from the lowest of them
            // (handlers are idempotent) up to the newest committed event. Commands blocked on the lock commit
            // later and update the new tables themselves.
            Long head = jdbc.queryForObject("select coalesce(max(globalindex), -1) from event_store.domainevententry",
                    Long.class);
            try {
                drainTail(log, head == null ? -1 : head, shadow, replayed);
                writer.flush();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while swapping", interrupted);
            }
            long rows = 0;
            for (String table : projection.tables()) {
                rows += differingRows(table);
                jdbc.execute("drop table " + RebuildableProjection.LIVE_SCHEMA + "." + table);
                jdbc.execute("alter table " + SHADOW_SCHEMA + "." + table + " set schema "
                        + RebuildableProjection.LIVE_SCHEMA);
            }
            return rows;
        });
        jdbc.execute("drop schema " + SHADOW_SCHEMA + " cascade");
        return differed == null ? 0 : differed;
    }

    /** Returns what completes the shadow tables after the replay (see {@link ShadowTables}). */
    private List<String> createShadow(RebuildableProjection projection) {
        jdbc.execute("drop schema if exists " + SHADOW_SCHEMA + " cascade");
        jdbc.execute("create schema " + SHADOW_SCHEMA);
        return new ShadowTables(jdbc, SHADOW_SCHEMA).create(projection);
    }

    private long differingRows(String table) {
        String live = RebuildableProjection.LIVE_SCHEMA + "." + table;
        String shadow = SHADOW_SCHEMA + "." + table;
        Long rows = jdbc.queryForObject("select count(*) from ((select * from " + live + " except select * from "
                + shadow + ") union all (select * from " + shadow + " except select * from " + live + ")) d",
                Long.class);
        return rows == null ? 0 : rows;
    }

    private void drainTail(BlockingStream<TrackedEventMessage<?>> log, long head, AnnotationEventHandlerAdapter shadow,
                           Replayed replayed) throws InterruptedException {
        Optional<Long> gap = replayed.lowestOpenGap();
        if (gap.isEmpty()) {
            drainThrough(log, head, shadow, replayed);
            return;
        }
        try (BlockingStream<TrackedEventMessage<?>> tail =
                     eventStore.openStream(GapAwareTrackingToken.newInstance(gap.get() - 1, List.of()))) {
            drainThrough(tail, head, shadow, replayed.fromGap());
        }
    }

    private static void drainThrough(BlockingStream<TrackedEventMessage<?>> log, long head,
                                     AnnotationEventHandlerAdapter shadow, Replayed position)
            throws InterruptedException {
        while (position.highest() < head) {
            if (!log.hasNextAvailable(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the event stream stopped before position " + head);
            }
            TrackedEventMessage<?> event = log.nextAvailable();
            handle(shadow, event);
            position.track(event);
        }
    }

    /** How far a stream has been read: its highest index and the gaps below it that were still open. */
    private static final class Replayed {

        private long highest = -1;
        private SortedSet<Long> gaps = new TreeSet<>();

        void track(TrackedEventMessage<?> event) {
            event.trackingToken().position().ifPresent(index -> highest = Math.max(highest, index));
            if (event.trackingToken() instanceof GapAwareTrackingToken token) {
                gaps = token.getGaps();
            }
        }

        long highest() {
            return highest;
        }

        Optional<Long> lowestOpenGap() {
            return gaps.isEmpty() ? Optional.empty() : Optional.of(gaps.first());
        }

        /** The progress of a fresh stream opened just below the lowest open gap. */
        Replayed fromGap() {
            Replayed restarted = new Replayed();
            restarted.highest = gaps.first() - 1;
            return restarted;
        }
    }

    /** Up to one batch of events that are already in the log; empty once the replay has caught up. */
    private static List<TrackedEventMessage<?>> next(BlockingStream<TrackedEventMessage<?>> log,
                                                     Replayed position, int batchSize) throws InterruptedException {
        List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && log.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
            TrackedEventMessage<?> event = log.nextAvailable();
            position.track(event);
            batch.add(event);
        }
        return batch;
    }

    private static void handle(AnnotationEventHandlerAdapter shadow, TrackedEventMessage<?> event) {
        try {
            shadow.handle(event);
        } catch (Exception failure) {
            throw new IllegalStateException("replaying event " + event.getIdentifier() + " failed", failure);
        }
    }

    private static String live(RebuildableProjection projection) {
        return projection.tables().stream().map(table -> RebuildableProjection.LIVE_SCHEMA + "." + table)
                .collect(Collectors.joining(", "));
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return count == null ? 0 : count;
    }

    private static Progress withReplayed(Progress started, long replayed) {
        return new Progress(started.projection(), "RUNNING", replayed, started.total(), null, started.startedAt(),
                null, null);
    }
}
