package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.rejection.LedgerRejected;
import com.payledger.command.rejection.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only lost races are retried, a bounded number of times, with a bounded back-off. */
class ConflictRetrySchedulerTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ConflictRetryScheduler scheduler = new ConflictRetryScheduler(executor, 3);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aConflictIsRetriedEvenWhenWrapped() {
        assertThat(retries(new ConcurrencyException("taken"), 1)).isTrue();
        assertThat(retries(new EventStoreException("append", new ConcurrencyException("taken")), 1)).isTrue();
        assertThat(retries(new DeadlockException("cycle"), 1)).isTrue();
        assertThat(retries(new AggregateStreamCreationException("stream exists"), 1)).isTrue();
    }

    @Test
    void rejectionsBugsAndOutagesAreNotRetried() {
        assertThat(retries(new LedgerRejected(Rejection.EXCEEDS_AVAILABLE_BALANCE), 1)).isFalse();
        assertThat(retries(new IllegalStateException("projection failed"), 1)).isFalse();
        assertThat(retries(new EventStoreException("connection refused"), 1)).isFalse();
    }

    @Test
    void retriesStopAfterTheMaximum() {
        assertThat(retries(new ConcurrencyException("taken"), 3)).isTrue();
        assertThat(retries(new ConcurrencyException("taken"), 4)).isFalse();
    }

    @Test
    void theBackOffGrowsAndStaysBounded() {
        for (int attempt = 1; attempt < 40; attempt++) {
            long delay = ConflictRetryScheduler.delayMillis(attempt);
            assertThat(delay).isBetween(1L, ConflictRetryScheduler.LONGEST_DELAY.toMillis() * 3 / 2);
        }
        assertThat(ConflictRetryScheduler.delayMillis(1)).isLessThanOrEqualTo(7);
    }

    @SuppressWarnings("unchecked")
    private boolean retries(RuntimeException failure, int attempt) {
        List<Class<? extends Throwable>[]> failures = new ArrayList<>();
        for (int i = 0; i < attempt; i++) {
            failures.add(new Class[] {failure.getClass()});
        }
        return scheduler.scheduleRetry(GenericCommandMessage.asCommandMessage("command"), failure, failures,
                () -> { });
    }
}
