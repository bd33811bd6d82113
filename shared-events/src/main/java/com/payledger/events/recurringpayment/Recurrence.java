package com.payledger.events.recurringpayment;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * When a schedule pays: the local dates an RFC 5545 RRULE generates from {@code startDate} on (the start date counts
 * only if the rule generates it), each at {@code timeOfDay} in the IANA zone {@code timeZone}.
 *
 * @param rrule            the rule without RSCALE/SKIP, e.g. {@code FREQ=MONTHLY;BYMONTHDAY=31}
 * @param startDate        the earliest local date an occurrence may have
 * @param timeOfDay        local wall-clock time of each run; in a DST gap the run moves forward by the gap
 * @param timeZone         IANA zone id, e.g. {@code Europe/Berlin}
 * @param shortMonthPolicy SKIP or CLAMP for days a month lacks
 */
public record Recurrence(String rrule, LocalDate startDate, LocalTime timeOfDay, String timeZone,
                         ShortMonthPolicy shortMonthPolicy) {

    public Recurrence {
        Objects.requireNonNull(rrule, "rrule");
        Objects.requireNonNull(startDate, "startDate");
        Objects.requireNonNull(timeOfDay, "timeOfDay");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(shortMonthPolicy, "shortMonthPolicy");
    }
}
