package com.payledger.command.recurringpayment;

import com.payledger.command.recurringpayment.RecurrenceCalendar.Occurrence;
import com.payledger.events.recurringpayment.CatchUpPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the occurrences that are due at once into those to pay and those to record as missed, by the schedule's
 * catch-up policy. Normally exactly one occurrence is due and it is on time; several, or a late one, means the
 * ledger was down over their run times.
 */
final class CatchUp {

    /** A run this late is still "on time": deadlines fire after a poll and a restart takes a while. */
    static final Duration ON_TIME_TOLERANCE = Duration.ofMinutes(5);
    static final String BY_POLICY = "CATCH_UP_POLICY";
    static final String OUTSIDE_WINDOW = "OUTSIDE_CATCH_UP_WINDOW";

    record Missed(Occurrence occurrence, String reason) {
    }

    record Decision(List<Occurrence> toPay, List<Missed> toMiss) {
    }

    private CatchUp() {
    }

    static Decision decide(List<Occurrence> due, CatchUpPolicy policy, Duration window, Instant now) {
        List<Occurrence> toPay = new ArrayList<>();
        List<Missed> toMiss = new ArrayList<>();
        Instant onTimeFrom = now.minus(ON_TIME_TOLERANCE);
        for (int i = 0; i < due.size(); i++) {
            Occurrence occurrence = due.get(i);
            boolean onTime = !occurrence.runAt().isBefore(onTimeFrom);
            boolean latest = i == due.size() - 1;
            switch (policy) {
                case RUN_ALL -> {
                    if (onTime || !occurrence.runAt().isBefore(now.minus(window))) {
                        toPay.add(occurrence);
                    } else {
                        toMiss.add(new Missed(occurrence, OUTSIDE_WINDOW));
                    }
                }
                case RUN_LATEST -> {
                    if (onTime || latest) {
                        toPay.add(occurrence);
                    } else {
                        toMiss.add(new Missed(occurrence, BY_POLICY));
                    }
                }
                case SKIP -> {
                    if (onTime) {
                        toPay.add(occurrence);
                    } else {
                        toMiss.add(new Missed(occurrence, BY_POLICY));
                    }
                }
                default -> throw new IllegalStateException("unknown catch-up policy " + policy);
            }
        }
        return new Decision(toPay, toMiss);
    }
}
