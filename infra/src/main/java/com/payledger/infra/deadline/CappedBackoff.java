package com.payledger.infra.deadline;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import java.time.Duration;

/**
 * Runs a failed task again after {@code first}, then twice as long after each further failure, but never later than
 * {@code longest} after the last failure. db-scheduler's own exponential back-off has no ceiling: after 25 failures
 * in a row (a database away for a while is enough) a deadline would wait over a year, and after 44 its next time
 * would lie past the latest one PostgreSQL can store: a recurring payment's deadline would in effect be lost.
 */
final class CappedBackoff<T> implements FailureHandler<T> {

    private final Duration first;
    private final Duration longest;

    CappedBackoff(Duration first, Duration longest) {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= longest: " + first + ", " + longest);
        }
        this.first = first;
        this.longest = longest;
    }

    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
        operations.reschedule(complete, complete.getTimeDone().plus(delayAfter(
                complete.getExecution().consecutiveFailures)));
    }

    /** The wait after a failure that followed {@code earlierFailures} failures in a row. */
    Duration delayAfter(int earlierFailures) {
        Duration delay = first;
        for (int doubled = 0; doubled < earlierFailures && delay.compareTo(longest) < 0; doubled++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(longest) < 0 ? delay : longest;
    }
}
