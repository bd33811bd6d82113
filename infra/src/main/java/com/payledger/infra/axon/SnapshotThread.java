package com.payledger.infra.axon;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * The one thread that takes account snapshots, so that a request never waits for one. Its queue holds at most one
 * task per account: Axon's snapshotter schedules no second snapshot of an account while one is queued or running.
 * When the service stops, the queue gets 5 s to drain; what is left is dropped, and the account's next threshold
 * asks again. A task offered after that is refused with an exception, which Axon's snapshotter catches to clear the
 * account's "in progress" mark (a silently discarded task would leave it set).
 *
 * <p>Deliberately not an {@link Executor} bean: Spring Boot configures its own task executor only when there is none.
 */
final class SnapshotThread implements DisposableBean {

    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), task -> {
                Thread snapshots = new Thread(task, "account-snapshots");
                snapshots.setDaemon(true);
                return snapshots;
            }, new ThreadPoolExecutor.AbortPolicy());

    Executor executor() {
        return thread::execute;
    }

    /** Snapshots waiting for the thread: one per account at most, so a number that keeps growing means it lags. */
    int queued() {
        return thread.getQueue().size();
    }

    /** Snapshot tasks run to their end since the start, stored or failed (Axon logs a failure). */
    long finished() {
        return thread.getCompletedTaskCount();
    }

    @Override
    public void destroy() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
