package com.payledger.infra.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of this JVM at its peak while a benchmark runs: heap used, sampled every {@value #SAMPLE_MILLIS} ms,
 * and the resident set's high-water mark from {@code /proc/self/status} (Linux only; -1 elsewhere). The service
 * under test runs inside this JVM, so both include it, the benchmark's own code and the JVM itself; the high-water
 * mark covers the JVM's whole life, so it includes whatever ran in it before.
 */
final class PeakMemory implements AutoCloseable {

    static final int SAMPLE_MILLIS = 10;

    record Figures(long heapUsedPeakBytes, long heapMaxBytes, long residentPeakBytes) {

        static double mebibytes(long bytes) {
            return bytes < 0 ? -1 : bytes / (1024.0 * 1024.0);
        }
    }

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong heapUsedPeak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean running = true;

    PeakMemory() {
        sample();
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }, "peak-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    Figures figures() {
        sample();
        return new Figures(heapUsedPeak.get(), memory.getHeapMemoryUsage().getMax(), residentPeakBytes());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    private void sample() {
        heapUsedPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
    }

    /** VmHWM, the peak resident set size of this process, or -1 where /proc is not there. */
    static long residentPeakBytes() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            return Files.readAllLines(status).stream().filter(line -> line.startsWith("VmHWM:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(-1L);
        } catch (IOException unreadable) {
            return -1;
        }
    }
}
