package com.payledger.query.rebuild;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One rebuild's replay of the log into its shadows: batches read from the event store's stream and handled in a
 * transaction each until the log's head is near ({@link #towardsHead}), then, under the live tables' lock, the last
 * events ({@link #catchUp}).
 */
final class ShadowReplay {

    /** The most events the replay leaves to the catch-up under the live tables' lock, besides filled gaps. */
    static final int LOCKED_CATCH_UP_MAX = 1000;
    /** How long the replay waits for the event stream to deliver anything before it gives up. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final int NEXT_EVENT_WAIT_MILLIS = 200;

    private final BlockingStream<TrackedEventMessage<?>> log;
    private final List<ShadowProjection> shadows;
    private final EventStorageEngine storageEngine;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final boolean pipelined;
    private final LongConsumer progress;
    private final Replayed position = new Replayed();
    private long replayed;

    /**
     * {@code pipelined}: a batch's statements go out from each projection's own thread while the next batch is read
     * (see {@link ShadowProjection}); {@code progress} is told the events replayed after each batch.
     */
    ShadowReplay(BlockingStream<TrackedEventMessage<?>> log, List<ShadowProjection> shadows,
                 EventStorageEngine storageEngine, JdbcTemplate jdbc, TransactionTemplate transactions, int batchSize,
                 boolean pipelined, LongConsumer progress) {
        this.log = log;
        this.shadows = shadows;
        this.storageEngine = storageEngine;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.batchSize = batchSize;
        this.pipelined = pipelined;
        this.progress = progress;
    }

    /** The events replayed so far, the catch-up's not counted. */
    long replayed() {
        return replayed;
    }

    /**
     * Replays batches into the shadows until the log's head is at most {@value #LOCKED_CATCH_UP_MAX} events ahead,
     * and waits until they are written. It aims at the head it read last, so writers that never pause cannot keep it
     * from ending as long as they write slower than it replays.
     */
    void towardsHead() throws InterruptedException {
        long target = head();
        long progressedAt = System.nanoTime();
        while (true) {
            List<TrackedEventMessage<?>> batch = next(target);
            if (batch.isEmpty()) {
                long head = head();
                if (head - position.highest() <= LOCKED_CATCH_UP_MAX) {
                    shadows.forEach(ShadowProjection::awaitSent);
                    return;
                }
                if (System.nanoTime() - progressedAt > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("the event stream delivered nothing for "
                            + STALL_TIMEOUT.toSeconds() + " s at position " + position.highest() + ", with the log's "
                            + "head at " + head);
                }
                target = head;
                continue;
            }
            progressedAt = System.nanoTime();
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
            progress.accept(replayed);
        }
    }

    /**
     * Replays into the shadows, in the caller's transaction, every event committed up to the log's head after the
     * replay: those after it, and those of its open gaps that were committed since (transactions commit out of index
     * order, so the replay may have passed indexes that were still open; handlers are idempotent). It reads through
     * the storage engine on this thread, so in the caller's transaction and on its connection: the event store's
     * shared reader would take a connection of its own from the pool, whose every connection may be held by a
     * writer blocked on the live tables' lock. It does not move the replay's position, so that a catch-up rolled
     * back is done again in full.
     */
    void catchUp() {
        long head = head();
        long reached = position.highest();
        TrackingToken after = reached < 0 ? null : GapAwareTrackingToken.newInstance(reached, position.gaps());
        try (Stream<? extends TrackedEventMessage<?>> tail = storageEngine.readEvents(after, false)) {
            // Ordered by index: the filled gaps first, then what came after the replay.
            Iterator<? extends TrackedEventMessage<?>> events = tail.iterator();
            while (events.hasNext()) {
                TrackedEventMessage<?> event = events.next();
                long index = event.trackingToken().position().orElse(reached);
                if (index > head) {
                    break;
                }
                shadows.forEach(shadow -> shadow.handle(event));
                reached = Math.max(reached, index);
            }
        }
        if (reached < head) {
            throw new IllegalStateException("the log ended at position " + reached + ", before " + head);
        }
        shadows.forEach(ShadowProjection::flush);
    }

    /** The newest committed event's global index; -1 for an empty log. */
    private long head() {
        Long head = jdbc.queryForObject("select coalesce(max(globalindex), -1) from event_store.domainevententry",
                Long.class);
        return head == null ? -1 : head;
    }

    /**
     * Up to one batch of the events already in the log up to {@code target}; empty once the replay reached it or
     * nothing more arrived for a moment.
     */
    private List<TrackedEventMessage<?>> next(long target) throws InterruptedException {
        List<TrackedEventMessage<?>> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && position.highest() < target
                && log.hasNextAvailable(NEXT_EVENT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            TrackedEventMessage<?> event = log.nextAvailable();
            position.track(event);
            batch.add(event);
        }
        return batch;
    }
}
