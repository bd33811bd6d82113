package com.payledger.infra.axon;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Weigher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;

/**
 * Axon's aggregate cache on a bounded, strongly held Caffeine cache. Axon's {@code WeakReferenceCache} lets the JVM
 * drop an entry at any collection, and under load a young collection comes every second or so: most commands then
 * replayed their account's whole stream, and a hot account's stream grows with every transfer. Here an account stays
 * cached until {@code maximumSize} others push it out (least recently and frequently used first).
 *
 * <p>Correctness never depends on it, exactly as with Axon's caches: a rolled-back unit of work evicts its
 * aggregates, and a copy that another instance made stale costs one conflict on the event store and a retry.
 */
final class BoundedAggregateCache implements Cache {

    private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();

    /** At most {@code maximumSize} entries. */
    BoundedAggregateCache(long maximumSize) {
        this(maximumSize, (key, value) -> 1);
    }

    /** Entries of at most {@code maximumWeight} in all, each weighing what {@code weigher} says (at least 1). */
    BoundedAggregateCache(long maximumWeight, Weigher<Object, Object> weigher) {
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher(weigher)
                // Housekeeping on the calling thread: no hand-off to the common pool on every write.
                .executor(Runnable::run)
                .removalListener((Object key, Object value, RemovalCause cause) -> {
                    if (cause.wasEvicted() && key != null) {
                        listeners.forEach(listener -> listener.onEntryExpired(key));
                    }
                })
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value = entries.getIfPresent(key);
        if (value != null) {
            listeners.forEach(listener -> listener.onEntryRead(key, value));
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        Object previous = entries.asMap().put(key, value);
        notifyWritten(key, value, previous);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean absent = entries.asMap().putIfAbsent(key, value) == null;
        if (absent) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return absent;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        boolean[] created = new boolean[1];
        T value = (T) entries.get(key, absent -> {
            T computed = valueSupplier.get();
            if (computed == null) {
                throw new IllegalArgumentException("the value supplier produced null for key " + key);
            }
            created[0] = true;
            return computed;
        });
        if (created[0]) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        }
        return value;
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.asMap().remove(key) != null;
        if (removed) {
            listeners.forEach(listener -> listener.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.asMap().keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.asMap().containsKey(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        Object updated = entries.asMap().computeIfPresent(key, (k, value) -> update.apply((V) value));
        if (updated != null) {
            listeners.forEach(listener -> listener.onEntryUpdated(key, updated));
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    long size() {
        return entries.estimatedSize();
    }

    /** What the entries weigh together. */
    long weight() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }

    private void notifyWritten(Object key, Object value, Object previous) {
        if (previous == null) {
            listeners.forEach(listener -> listener.onEntryCreated(key, value));
        } else {
            listeners.forEach(listener -> listener.onEntryUpdated(key, value));
        }
    }
}
