package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    private final BoundedAggregateCache cache = new BoundedAggregateCache(3);

    @Test
    void givenMoreAccountsThanItsSize_whenFilled_thenItKeepsAtMostThatMany() {
        for (int i = 0; i < 100; i++) {
            cache.put("account-" + i, "state-" + i);
        }
        cache.get("account-99");

        assertThat(cache.size()).isEqualTo(3);
    }

    @Test
    void givenAnEntry_whenReadWrittenAndRemoved_thenItBehavesLikeAxonsCaches() {
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat((Integer) cache.get("a")).isEqualTo(1);
        cache.computeIfPresent("a", (UnaryOperator<Integer>) value -> value + 10);
        assertThat((Integer) cache.get("a")).isEqualTo(11);
        assertThat((Integer) cache.computeIfAbsent("a", () -> 99)).isEqualTo(11);
        assertThat((Integer) cache.computeIfAbsent("b", () -> 5)).isEqualTo(5);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.containsKey("a")).isFalse();
        cache.removeAll();
        assertThat(cache.containsKey("b")).isFalse();
        assertThatThrownBy(() -> cache.computeIfAbsent("c", () -> null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(cache.containsKey("c")).isFalse();
    }

    @Test
    void givenAListener_whenEntriesChange_thenItHearsOfEachUntilCancelled() {
        List<String> heard = new ArrayList<>();
        Registration registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }
        });
        cache.put("a", 1);
        cache.put("a", 2);
        cache.remove("a");
        registration.cancel();
        cache.put("b", 1);

        assertThat(heard).containsExactly("created a", "updated a", "removed a");
    }
}
