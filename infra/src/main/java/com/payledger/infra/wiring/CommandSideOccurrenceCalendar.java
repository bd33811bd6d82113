package com.payledger.infra.wiring;

import com.payledger.command.recurringpayment.RecurrenceCalendar;
import com.payledger.events.recurringpayment.Recurrence;
import com.payledger.query.schedule.OccurrenceCalendar;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Gives the query side the command side's recurrence expansion, so "upcoming" and "forecast" show exactly the
 * occurrences that will be paid. The composition root is the one place allowed to see both sides.
 */
@Component
class CommandSideOccurrenceCalendar implements OccurrenceCalendar {

    @Override
    public List<Occurrence> occurrences(Recurrence recurrence, LocalDate fromInclusive, LocalDate toInclusive,
                                        int limit) {
        return RecurrenceCalendar.of(recurrence).between(fromInclusive, toInclusive, limit).stream()
                .map(occurrence -> new Occurrence(occurrence.date(), occurrence.runAt()))
                .toList();
    }
}
