package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

/** A gap is given up once it has been missing for the timeout, counted from when it was first seen. */
class GapExpiryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T19:00:00Z"));
    private final GapExpiry expiry = new GapExpiry(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }, TIMEOUT);

    @Test
    void givenASingleGap_whenMissingLongerThanTheTimeout_thenGivenUpAndNotBefore() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(100, List.of(42L));

        assertThat(gaps(expiry.withExpiredGapsGivenUp(token))).containsExactly(42L);
        later(TIMEOUT.minusSeconds(1));
        assertThat(gaps(expiry.withExpiredGapsGivenUp(token))).as("not yet").containsExactly(42L);
        later(Duration.ofSeconds(1));
        GapAwareTrackingToken givenUp = (GapAwareTrackingToken) expiry.withExpiredGapsGivenUp(token);
        assertThat(givenUp.getGaps()).isEmpty();
        assertThat(givenUp.getIndex()).isEqualTo(100);
    }

    @Test
    void givenGapsSeenAtDifferentTimes_whenTheOlderExpire_thenOnlyTheyAreGivenUp() {
        expiry.withExpiredGapsGivenUp(GapAwareTrackingToken.newInstance(50, List.of(10L, 20L)));
        later(Duration.ofSeconds(30));
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(90, List.of(10L, 20L, 70L));
        expiry.withExpiredGapsGivenUp(token);
        later(Duration.ofSeconds(30));

        assertThat(gaps(expiry.withExpiredGapsGivenUp(token))).containsExactly(70L);
    }

    @Test
    void givenATokenWithoutGaps_whenChecked_thenTheSameToken() {
        TrackingToken plain = new GlobalSequenceTrackingToken(5);
        GapAwareTrackingToken none = GapAwareTrackingToken.newInstance(5, List.of());

        assertThat(expiry.withExpiredGapsGivenUp(plain)).isSameAs(plain);
        assertThat(expiry.withExpiredGapsGivenUp(none)).isSameAs(none);
        assertThat(expiry.withExpiredGapsGivenUp(null)).isNull();
    }

    private void later(Duration duration) {
        now.set(now.get().plus(duration));
    }

    private static List<Long> gaps(TrackingToken token) {
        return List.copyOf(((GapAwareTrackingToken) token).getGaps());
    }
}
