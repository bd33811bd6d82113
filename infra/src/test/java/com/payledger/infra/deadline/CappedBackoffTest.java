package com.payledger.infra.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CappedBackoffTest {

    private final CappedBackoff<Void> backoff = new CappedBackoff<>(Duration.ofSeconds(1), Duration.ofMinutes(5));

    @Test
    void givenFailuresInARow_whenRetried_thenTheWaitDoublesFromTheFirstUpToTheLongest() {
        assertThat(IntStream.rangeClosed(0, 10).mapToObj(backoff::delayAfter).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    }

    @Test
    void givenEndlessFailures_whenRetried_thenTheWaitStaysAtTheLongestWithoutOverflowing() {
        assertThat(backoff.delayAfter(64)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void givenALongestShorterThanTheFirst_whenBuilt_thenRefused() {
        assertThatThrownBy(() -> new CappedBackoff<>(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CappedBackoff<>(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
