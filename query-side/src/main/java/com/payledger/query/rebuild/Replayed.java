package com.payledger.query.rebuild;

import java.util.SortedSet;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;

/** How far a stream has been read: its highest index and the gaps below it that were still open. */
final class Replayed {

    private long highest = -1;
    private SortedSet<Long> gaps = new TreeSet<>();

    void track(TrackedEventMessage<?> event) {
        event.trackingToken().position().ifPresent(index -> highest = Math.max(highest, index));
        if (event.trackingToken() instanceof GapAwareTrackingToken token) {
            gaps = token.getGaps();
        }
    }

    long highest() {
        return highest;
    }

    /** The indexes below {@link #highest} that were still open when the stream passed them. */
    SortedSet<Long> gaps() {
        return gaps;
    }
}
