package com.payledger.infra.axon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Gives a tracking token's gaps up once they have been missing for {@link AppendWindow#GAP_TIMEOUT}. Axon's JDBC engine
 * does so only in its gap cleaning, which runs once a token holds more than a threshold of gaps (250 by default, at
 * least 2): a single gap, left by a rolled-back append or a crash, stayed open until a million newer events passed,
 * and a row an intruder inserted at its index hours later was delivered and logged as if it were genuine (audit
 * hunt). Given up, the index is passed over for good, and the log verification reports a row that turns up there as
 * stored but never logged.
 *
 * <p>A gap's age is counted from when this instance first saw it missing, not from a timestamp in the store: the
 * append that took the index began before that, and {@link AppendWindow} aborts its transaction within
 * {@link AppendWindow#APPEND_TO_COMMIT}, half the timeout, so no genuine event can still fill a gap given up. After a
 * restart an old gap is given up one timeout later. Gaps are dropped in index order, as a token can only drop those
 * below an index; the lower ones were seen first.
 */
final class GapExpiry {

    /** Past this many remembered gaps, the ones long given up are forgotten. */
    private static final int REMEMBERED_MAX = 10_000;

    private final Clock clock;
    private final Duration timeout;
    private final Map<Long, Instant> missingSince = new ConcurrentHashMap<>();

    GapExpiry(Clock clock, Duration timeout) {
        this.clock = clock;
        this.timeout = timeout;
    }

    /** {@code token} without the gaps that have been missing longer than the timeout. */
    TrackingToken withExpiredGapsGivenUp(TrackingToken token) {
        if (!(token instanceof GapAwareTrackingToken gapAware) || gapAware.getGaps().isEmpty()) {
            return token;
        }
        Instant now = clock.instant();
        Long lastExpired = null;
        boolean expiring = true;
        for (Long gap : gapAware.getGaps()) {
            // Every gap's clock starts when first seen, also behind one that is not yet given up.
            Instant since = missingSince.computeIfAbsent(gap, index -> now);
            expiring = expiring && !since.plus(timeout).isAfter(now);
            if (expiring) {
                lastExpired = gap;
            }
        }
        forgetLongExpired(now);
        return lastExpired == null ? token : gapAware.withGapsTruncatedAt(lastExpired + 1);
    }

    private void forgetLongExpired(Instant now) {
        if (missingSince.size() > REMEMBERED_MAX) {
            Instant longAgo = now.minus(timeout.multipliedBy(10));
            missingSince.values().removeIf(since -> since.isBefore(longAgo));
        }
    }
}
