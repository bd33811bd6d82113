package com.payledger.query.schedule;

import com.payledger.events.recurringpayment.Recurrence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Expands a schedule's recurrence into occurrences. The query side needs the same expansion as the command side
 * that pays them, so it asks through this port rather than keeping a second copy of the rules; the composition
 * root plugs in the command side's calendar.
 */
public interface OccurrenceCalendar {

    /** One run: the local date and the instant it runs. */
    record Occurrence(LocalDate date, Instant runAt) {
    }

    /** Up to {@code limit} occurrences on or after {@code fromInclusive}, none after {@code toInclusive} (or null). */
    List<Occurrence> occurrences(Recurrence recurrence, LocalDate fromInclusive, LocalDate toInclusive, int limit);
}
