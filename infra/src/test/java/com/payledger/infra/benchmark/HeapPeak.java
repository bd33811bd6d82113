package com.payledger.infra.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap in use since the last {@link #reset()}: the most at any sample (every {@value #SAMPLE_MILLIS} ms), which
 * includes garbage not yet collected and so depends on the collector and the maximum heap as much as on the
 * service; and the most left right after a garbage collection, nearer to what the service keeps live. The services
 * run in this JVM, so both include the benchmark's own clients (and, in the transfer benchmark, the idle naive
 * service).
 */
final class HeapPeak implements AutoCloseable {

    static final long SAMPLE_MILLIS = 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong peakAfterGc = new AtomicLong();
    private final Thread sampler = new Thread(this::sample, "heap-sampler");
    private final NotificationListener collections = this::collected;
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());

    HeapPeak() {
        sampler.setDaemon(true);
        sampler.start();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(collections, null, null);
        }
    }

    void reset() {
        peak.set(memory.getHeapMemoryUsage().getUsed());
        peakAfterGc.set(0);
    }

    long peakBytes() {
        return peak.get();
    }

    /** The most heap in use right after a collection since the last reset; 0 when none ran. */
    long peakAfterGcBytes() {
        return peakAfterGc.get();
    }

    /** The most heap the JVM may use (-Xmx or its default). */
    long maxBytes() {
        return memory.getHeapMemoryUsage().getMax();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            long used = memory.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException stop) {
                return;
            }
        }
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GcInfo collection = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                .getGcInfo();
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : collection.getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        peakAfterGc.accumulateAndGet(used, Math::max);
    }

    @Override
    public void close() {
        sampler.interrupt();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(collections);
            } catch (ListenerNotFoundException ignored) {
                // Never added: nothing to remove.
            }
        }
    }
}
