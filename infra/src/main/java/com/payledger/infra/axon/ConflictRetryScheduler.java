package com.payledger.infra.axon;

import com.payledger.infra.failure.Causes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-runs a command that lost a race: another writer appended to one of its streams first, so the command is
 * decided again on fresh state. Nothing else is retried. A rejection is final by definition, and a bug or an
 * outage does not go away in milliseconds; retrying them would only delay the error (Axon's stock schedulers retry
 * every exception that is not explicitly marked non-transient).
 *
 * <p>The back-off doubles from {@link #FIRST_DELAY} up to {@link #LONGEST_DELAY}, with jitter so that the losers of
 * one race do not meet again in lockstep.
 */
class ConflictRetryScheduler implements RetryScheduler {

    static final Duration FIRST_DELAY = Duration.ofMillis(5);
    static final Duration LONGEST_DELAY = Duration.ofMillis(400);

    private static final Logger LOG = LoggerFactory.getLogger(ConflictRetryScheduler.class);

    private final ScheduledExecutorService executor;
    private final int retriesMax;

    ConflictRetryScheduler(ScheduledExecutorService executor, int retriesMax) {
        this.executor = executor;
        this.retriesMax = retriesMax;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable dispatchTask) {
        int attempt = failures.size();
        if (!isConflict(lastFailure) || attempt > retriesMax) {
            return false;
        }
        long delayMillis = delayMillis(attempt);
        LOG.debug("{} lost a race (attempt {}); retrying in {} ms", commandMessage.getCommandName(), attempt,
                delayMillis);
        executor.schedule(dispatchTask, delayMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    static boolean isConflict(Throwable failure) {
        // Two creations of one stream (an identical open or schedule request racing itself) surface as
        // AggregateStreamCreationException, not as a ConcurrencyException.
        return Causes.any(failure, cause -> cause instanceof ConcurrencyException || cause instanceof DeadlockException
                || cause instanceof AggregateStreamCreationException);
    }

    static long delayMillis(int attempt) {
        long exponential = FIRST_DELAY.toMillis() << Math.min(attempt - 1, 16);
        long capped = Math.min(exponential, LONGEST_DELAY.toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped + 1);
    }
}
