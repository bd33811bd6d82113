package com.payledger.infra.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Runs one operation from N clients for a fixed time and measures throughput and latency percentiles. */
final class Load {

    /** One operation; true when it succeeded. */
    @FunctionalInterface
    interface Operation {
        boolean run(int client) throws Exception;
    }

    record Result(int clients, long operations, long failures, double seconds, Histogram latencyMicros) {

        double perSecond() {
            return operations / seconds;
        }

        double millis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {
    }

    static Result run(int clients, Duration duration, Operation operation) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong operations = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int id = client;
            running.add(threads.submit(() -> {
                while (System.nanoTime() < end) {
                    long begin = System.nanoTime();
                    boolean ok = operation.run(id);
                    recorder.recordValue(Math.max(1, (System.nanoTime() - begin) / 1000));
                    (ok ? operations : failures).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : running) {
            future.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        threads.shutdown();
        return new Result(clients, operations.get(), failures.get(), seconds, recorder.getIntervalHistogram());
    }
}
