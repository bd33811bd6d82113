package com.payledger.infra.axon;

import com.github.benmanes.caffeine.cache.Weigher;
import com.payledger.command.account.Account;
import java.lang.reflect.Field;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many units of the account cache an entry takes: one for an account, plus one per {@value #UNIT_BYTES} bytes of
 * its name and metadata. An account holds up to 18,932 characters of them (a name of 500, 32 metadata entries of 64 +
 * 512), each one or two UTF-16 units: up to some 75 KB where a plain one takes about 2. Counted one each, 10,000 such
 * accounts, which any client may open, would hold far more than a 512 MB heap.
 *
 * <p>Axon's {@link AggregateCacheEntry} keeps the aggregate in a private field and offers no getter, so it is read
 * reflectively (the class is on the class path, not in a module that would refuse it). Should that ever fail, each
 * entry counts one unit, as before.
 */
final class AccountCacheWeight implements Weigher<Object, Object> {

    static final int UNIT_BYTES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(AccountCacheWeight.class);
    private static final Field AGGREGATE_ROOT = aggregateRootField();

    @Override
    public int weigh(Object key, Object value) {
        return aggregateOf(value) instanceof Account account ? 1 + account.textLength() * 2 / UNIT_BYTES : 1;
    }

    private static Object aggregateOf(Object cached) {
        if (AGGREGATE_ROOT == null || !(cached instanceof AggregateCacheEntry<?>)) {
            return cached;
        }
        try {
            return AGGREGATE_ROOT.get(cached);
        } catch (IllegalAccessException unreadable) {
            return null;
        }
    }

    private static Field aggregateRootField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("aggregateRoot");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            LOG.warn("Cannot read the aggregate of Axon's cache entries ({}); every cached account counts one unit",
                    unreadable.toString());
            return null;
        }
    }
}
