package com.payledger.infra.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void givenAFullBucket_whenTheBurstIsSpent_thenTheNextWaitsForOneToken() {
        RateLimiter limiter = new RateLimiter(2, 3, now::get);
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isEqualTo(SECOND / 2);
        now.addAndGet(SECOND / 4);
        assertThat(limiter.take("k")).isEqualTo(SECOND / 4);
        now.addAndGet(SECOND / 4);
        assertThat(limiter.take("k")).isZero();
    }

    @Test
    void givenIdleTime_whenRefilled_thenNeverMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(10, 2, now::get);
        limiter.take("k");
        now.addAndGet(3600 * SECOND);
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isZero();
        assertThat(limiter.take("k")).isPositive();
    }

    @Test
    void givenTwoKeys_whenOneIsExhausted_thenTheOtherIsNot() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
        assertThat(limiter.take("b")).isZero();
    }

    @Test
    void givenRateZero_thenUnlimited() {
        RateLimiter limiter = new RateLimiter(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.take("k")).isZero();
        }
    }

    @Test
    void givenANegativeRateOrAnEmptyBurst_thenRefused() {
        assertThatThrownBy(() -> new RateLimiter(-1, 5, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(5, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
