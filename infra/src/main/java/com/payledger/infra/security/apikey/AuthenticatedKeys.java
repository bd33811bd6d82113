package com.payledger.infra.security.apikey;

import com.payledger.infra.security.Caller;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Remembers, for at most {@code ttl}, which caller a valid key stands for, so a busy client does not cost a database
 * lookup per request. Unknown keys are never remembered (a key issued a moment ago works at once), and a revocation
 * forgets the key on this instance at once; other instances may accept it until their entry expires, which is what
 * the TTL bounds. A TTL of zero turns the cache off.
 */
final class AuthenticatedKeys {

    /** More entries than this and the cache starts afresh: far more keys than one deployment has in use. */
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Caller caller, long expiresAt) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    /** How many revocations this instance made: a lookup that overlapped one is not remembered. */
    private volatile long revocations;

    AuthenticatedKeys(Duration ttl, LongSupplier nanoTime) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the key cache TTL must not be negative");
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    Optional<Caller> authenticate(byte[] keyHash, Supplier<Optional<Caller>> lookup) {
        if (ttlNanos == 0) {
            return lookup.get();
        }
        ByteBuffer key = ByteBuffer.wrap(keyHash);
        Optional<Caller> cached = remembered(keyHash);
        if (cached.isPresent()) {
            return cached;
        }
        long revocationsBefore = revocations;
        Optional<Caller> caller = lookup.get();
        synchronized (this) {
            if (caller.isEmpty()) {
                entries.remove(key);
            } else if (revocations == revocationsBefore) {
                // A revocation during the lookup may have come after the row was read: such an answer serves this
                // request, which was under way when the key was revoked, but is not remembered for the next ones.
                if (entries.size() >= MAX_ENTRIES) {
                    entries.clear();
                }
                entries.put(key, new Entry(caller.get(), nanoTime.getAsLong() + ttlNanos));
            }
        }
        return caller;
    }

    /** The caller a key stands for if it was accepted within the TTL; never asks the database. */
    Optional<Caller> remembered(byte[] keyHash) {
        Entry cached = entries.get(ByteBuffer.wrap(keyHash));
        return cached != null && nanoTime.getAsLong() - cached.expiresAt() < 0 ? Optional.of(cached.caller())
                : Optional.empty();
    }

    /**
     * Whether this instance accepted the key and has not forgotten it since (no revocation, no failed lookup), however
     * long ago: an expired entry stays until then. Never asks the database.
     */
    boolean acceptedBefore(byte[] keyHash) {
        return entries.containsKey(ByteBuffer.wrap(keyHash));
    }

    /** Forgets every entry for the caller with {@code principal}; called after the revocation is written. */
    synchronized void forget(String principal) {
        revocations++;
        entries.values().removeIf(entry -> entry.caller().principal().equals(principal));
    }
}
