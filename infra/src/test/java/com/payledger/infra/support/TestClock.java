package com.payledger.infra.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock of every service instance a test JVM starts: real time plus an offset that tests move forward
 * (never back) to reach due dates, month ends and DST changes. Shared so that all instances agree on "now".
 */
public final class TestClock extends Clock {

    public static final TestClock INSTANCE = new TestClock();

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private TestClock() {
    }

    /** Moves time forward by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        offset.updateAndGet(current -> current.plus(duration));
    }

    /** Moves time forward to {@code instant}; a no-op when that is already past. */
    public void advanceTo(Instant instant) {
        Duration gap = Duration.between(instant(), instant);
        if (!gap.isNegative()) {
            advance(gap);
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }
}
