package com.payledger.command.recurringpayment;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The test fixture's simulated time as a {@link Clock}: commands run at the fixture's current time, and a deadline
 * handler runs at the time the fixture triggers it, exactly as a durable deadline manager would call it.
 */
final class FixtureClock extends Clock {

    private final Supplier<Instant> currentTime;

    FixtureClock(Supplier<Instant> currentTime) {
        this.currentTime = currentTime;
    }

    @Override
    public Instant instant() {
        return currentTime.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the ledger reads instants only");
    }
}
