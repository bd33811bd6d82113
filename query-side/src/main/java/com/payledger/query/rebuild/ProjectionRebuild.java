package com.payledger.query.rebuild;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
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
    /** The most events the replay leaves to the catch-up under the live tables' lock. */
    static final int LOCKED_CATCH_UP_MAX = 1000;
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

    /** Starts rebuilding {@code name} in the background; empty when another rebuild is still running. */
    public Optional<Progress> start(String name) {
        return start(List.of(name)).map(started -> started.get(0));
    }

    /**
     * Starts rebuilding every projection in one pass over the log, which reads and deserializes each event once
     * for all of them; empty when another rebuild is still running.
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
        if (!busy.compareAndSet(false, true)) {
            return Optional.empty();
        }
        long total = eventCount();
        Instant startedAt = clock.instant();
        List<Progress> started = names.stream()
                .map(name -> new Progress(name, "RUNNING", 0, total, null, startedAt, null, null)).toList();
        started.forEach(each -> progress.put(each.projection(), each));
        runner.submit(() -> run(chosen, started));
        return Optional.of(started);
    }

    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(progress.get(name));
    }

    private void run(List<RebuildableProjection> chosen, List<Progress> started) {
        long replayed = 0;
        try {
            jdbc.execute("drop schema if exists " + SHADOW_SCHEMA + " cascade");
            jdbc.execute("create schema " + SHADOW_SCHEMA);
            ShadowSwap.prepare().forEach(jdbc::execute);
            List<ShadowProjection> shadows = new ArrayList<>();
            try (BlockingStream<TrackedEventMessage<?>> log = eventStore.openStream(null)) {
                chosen.forEach(projection -> shadows.add(new ShadowProjection(projection, jdbc, SHADOW_SCHEMA)));
                Replayed position = new Replayed();
                replayed = replay(log, position, shadows, started, replayed);
                long replayedAt = System.nanoTime();
                shadows.forEach(ShadowProjection::completeTables);
                long indexedAt = System.nanoTime();
                // What arrived while the indexes were built, so the catch-up under the lock is left with little.
                replayed = replay(log, position, shadows, started, replayed);
                ShadowSwap.Swapped swapped = swap(shadows, position);
                // How long writers waited on the live tables' lock is what an operator wants to know.
                LOG.info("Rebuilt {}: replayed {} events, built the deferred indexes in {} ms, held the live tables' "
                        + "lock for {} ms to catch up and swap, then compared them in {} ms",
                        swapped.rowsThatDiffered().keySet(), replayed, (indexedAt - replayedAt) / 1_000_000,
                        swapped.lockedMillis(), swapped.comparedMillis());
                report(started, "DONE", replayed, swapped.rowsThatDiffered(), null);
            } finally {
                shadows.forEach(ShadowProjection::close);
            }
        } catch (RuntimeException | InterruptedException | SQLException failure) {
            LOG.error("Rebuilding {} failed", started.stream().map(Progress::projection).toList(), failure);
            report(started, "FAILED", replayed, Map.of(), failure.getMessage());
        } finally {
            busy.set(false);
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
     * Catches the shadows up with what arrived since the replay and puts them in place of the live tables; drops
     * the shadow and the retired tables after.
     */
    private ShadowSwap.Swapped swap(List<ShadowProjection> shadows, Replayed replayed) throws SQLException {
        ShadowSwap.Swapped swapped = new ShadowSwap(dataSource, transactions).swap(shadows, () -> {
            // Every event committed before the lock is now visible. Commands blocked on the lock commit later and
            // update the new tables themselves.
            catchUp(head(), shadows, replayed);
            shadows.forEach(ShadowProjection::flush);
        });
        jdbc.execute("drop schema " + SHADOW_SCHEMA + " cascade");
        jdbc.execute("drop schema " + ShadowSwap.RETIRED_SCHEMA + " cascade");
        return swapped;
    }

    /**
     * Replays the log after {@code replayed} through {@code head}. Transactions commit out of index order, so the
     * replay may have passed indexes that were still open then: it reads again from the lowest of them (handlers
     * are idempotent). It reads through the storage engine on this thread, so in the catch-up's transaction and on
     * its connection: the event store's shared reader would take a connection of its own from the pool, whose
     * every connection may be held by a writer blocked on the lock.
     */
    private void catchUp(long head, List<ShadowProjection> shadows, Replayed replayed) {
        long from = replayed.lowestOpenGap().map(gap -> gap - 1).orElse(replayed.highest());
        long reached = from;
        try (Stream<? extends TrackedEventMessage<?>> tail = storageEngine.readEvents(
                from < 0 ? null : GapAwareTrackingToken.newInstance(from, List.of()), false)) {
            Iterator<? extends TrackedEventMessage<?>> events = tail.iterator();
            while (reached < head && events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                shadows.forEach(shadow -> shadow.handle(event));
                reached = event.trackingToken().position().orElse(reached);
            }
        }
        if (reached < head) {
            throw new IllegalStateException("the log ended at position " + reached + ", before " + head);
        }
    }

    /**
     * Replays batches into the shadows until the log's head is at most {@value #LOCKED_CATCH_UP_MAX} events ahead,
     * and waits until they are written; returns the events replayed so far. It aims at the head it read last, so
     * writers that never pause cannot keep it from ending as long as they write slower than it replays.
     */
    private long replay(BlockingStream<TrackedEventMessage<?>> log, Replayed position, List<ShadowProjection> shadows,
                        List<Progress> started, long replayedBefore) throws InterruptedException {
        long replayed = replayedBefore;
        long target = head();
        while (true) {
            List<TrackedEventMessage<?>> batch = next(log, position, batchSize, target);
            if (batch.isEmpty()) {
                long head = head();
                if (head - position.highest() <= LOCKED_CATCH_UP_MAX) {
                    shadows.forEach(ShadowProjection::awaitSent);
                    return replayed;
                }
                target = head;
                continue;
            }
            transactions.executeWithoutResult(status -> {
                batch.forEach(event -> shadows.forEach(shadow -> shadow.handle(event)));
                if (!pipelined) {
                    shadows.forEach(ShadowProjection::flush);
                }
            });
            if (pipelined) {
                shadows.forEach(shadow -> shadow.sendInBackground(transactions));
            }
            replayed += batch.size();
            report(started, "RUNNING", replayed, Map.of(), null);
        }
    }

    /** The newest committed event's global index; -1 for an empty log. */
    private long head() {
        Long head = jdbc.queryForObject("select coalesce(max(globalindex), -1) from event_store.domainevententry",
                Long.class);
        return head == null ? -1 : head;
    }

    /**
     * Up to one batch of the events already in the log up to {@code target}; empty once the replay reached it or
     * nothing more arrived for 200 ms.
     */
    private static List<TrackedEventMessage<?>> next(BlockingStream<TrackedEventMessage<?>> log, Replayed position,
                                                     int batchSize, long target) throws InterruptedException {
        List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && position.highest() < target
                && log.hasNextAvailable(200, TimeUnit.MILLISECONDS)) {
            TrackedEventMessage<?> event = log.nextAvailable();
            position.track(event);
            batch.add(event);
        }
        return batch;
    }

    private long eventCount() {
        Long count = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        return count == null ? 0 : count;
    }
}
