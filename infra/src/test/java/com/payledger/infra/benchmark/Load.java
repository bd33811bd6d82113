package com.payledger.infra.benchmark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one operation for a fixed time and measures throughput and latency percentiles: closed-loop from N clients
 * ({@link #run}: each starts its next operation when the last one returns), or open-loop at a fixed rate
 * ({@link #paced}: operations start on a timetable, however slowly the last ones return).
 */
final class Load {

    /** One operation; true when it succeeded. */
    @FunctionalInterface
    interface Operation {
        boolean run(int client) throws Exception;
    }

    /**
     * {@code clientCpuNanos}: the CPU time the clients' threads spent, on the same cores as the server under test;
     * what the load generator took from it.
     */
    record Result(int clients, long operations, long failures, double seconds, Histogram latencyMicros,
                  long clientCpuNanos, long compileMillis) {

        double perSecond() {
            return operations / seconds;
        }

        /** The load generator's CPU time per operation, in microseconds. */
        double clientMicrosPerOperation() {
            long all = operations + failures;
            return all == 0 ? 0 : clientCpuNanos / 1000.0 / all;
        }

        /**
         * The JIT compiler's time compiling during the run ({@link JitWarmUp#compileMillis}, summed over its
         * threads, so above 1 when they compiled at once) over the run's time: a run taken while it was busy reads low.
         */
        double compileShare() {
            return compileMillis / (seconds * 1000);
        }

        double millis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** One operation on item {@code index}; true when it succeeded. */
    @FunctionalInterface
    interface IndexedOperation {
        boolean run(int index) throws Exception;
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Load() {
    }

    static Result run(int clients, Duration duration, Operation operation) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        long compiledBefore = JitWarmUp.compileMillis();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int id = client;
            running.add(threads.submit(() -> {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                while (System.nanoTime() < end) {
                    long begin = System.nanoTime();
                    boolean ok = operation.run(id);
                    recorder.recordValue(Math.max(1, (System.nanoTime() - begin) / 1000));
                    (ok ? operations : failures).incrementAndGet();
                }
                cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();
        return new Result(clients, operations.get(), failures.get(), seconds, recorder.getIntervalHistogram(),
                cpu.get(), JitWarmUp.compileMillis() - compiledBefore);
    }

    /**
     * Runs {@code operation} once on each of the items 0 to {@code count - 1}, from {@code clients} threads,
     * unmeasured; throws if it failed on any.
     */
    static void each(int clients, int count, IndexedOperation operation) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            running.add(threads.submit(() -> {
                for (int index = next.getAndIncrement(); index < count; index = next.getAndIncrement()) {
                    if (!operation.run(index)) {
                        throw new IllegalStateException("the operation failed on item " + index);
                    }
                }
                return null;
            }));
        }
        try {
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Starts operation {@code i} at {@code i / perSecond} seconds for {@code duration}, from a pool of
     * {@code workers} threads. Latency is measured from the scheduled start, not the actual one, so a service that
     * falls behind shows as the wait it causes (no coordinated omission). The result's seconds run until the last
     * operation returned, so its rate is the rate achieved.
     */
    static Result paced(double perSecond, Duration duration, int workers, Operation operation) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong tickets = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        long intervalNanos = Math.max(1, (long) (1e9 / perSecond));
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        long compiledBefore = JitWarmUp.compileMillis();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int worker = 0; worker < workers; worker++) {
            int id = worker;
            running.add(threads.submit(() -> {
                long cpuBefore = THREADS.getCurrentThreadCpuTime();
                while (true) {
                    long due = started + tickets.getAndIncrement() * intervalNanos;
                    if (due >= end) {
                        cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuBefore);
                        return null;
                    }
                    LockSupport.parkNanos(due - System.nanoTime());
                    boolean ok = operation.run(id);
                    recorder.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                    (ok ? operations : failures).incrementAndGet();
                }
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();
        return new Result(workers, operations.get(), failures.get(), seconds, recorder.getIntervalHistogram(),
                cpu.get(), JitWarmUp.compileMillis() - compiledBefore);
    }
}
