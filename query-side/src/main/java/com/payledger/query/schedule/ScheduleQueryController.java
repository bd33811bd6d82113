package com.payledger.query.schedule;

import com.payledger.events.IdFormat;
import com.payledger.query.access.Reader;
import com.payledger.query.web.AsciiNumbers;
import com.payledger.query.web.KeyCursor;
import com.payledger.query.web.ListFilters;
import com.payledger.query.web.PageRequest;
import com.payledger.query.web.PathIds;
import com.payledger.query.web.QueryProblems;
import com.payledger.query.web.VersionedAnswer;
import com.payledger.query.web.VersionedRead;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Schedules")
@RestController
@RequestMapping("/api/v1/schedules")
class ScheduleQueryController {

    static final Set<String> STATUSES = Set.of("ACTIVE", "PAUSED", "SUSPENDED", "CANCELLED", "COMPLETED");
    static final int UPCOMING_DEFAULT = 10;
    static final int UPCOMING_MAX = 100;
    record Page<T>(List<T> items, @Nullable String nextCursor) {
    }

    record Items<T>(List<T> items) {
    }

    record Upcoming(LocalDate date, java.time.Instant runAt) {
    }

    private final ScheduleQueries schedules;
    private final OccurrenceCalendar calendar;

    ScheduleQueryController(ScheduleQueries schedules, OccurrenceCalendar calendar) {
        this.schedules = schedules;
        this.calendar = calendar;
    }

    @Operation(operationId = "listSchedules",
            summary = "Scheduled payments, by owner and status", description = "Ordered by id; limit 1 to 500 "
            + "(default 50); pass nextCursor back as cursor. status is ACTIVE, PAUSED, SUSPENDED, CANCELLED or "
            + "COMPLETED.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Page<ScheduleView> list(@RequestParam(required = false) String ownerId,
                            @RequestParam(required = false) String status,
                            @RequestParam(required = false) String limit,
                            @RequestParam(required = false) String cursor, Reader reader) {
        int pageSize = PageRequest.limit(limit);
        ListFilters.oneOf(status, STATUSES, "INVALID_STATUS", "status");
        ListFilters.ownerId(ownerId);
        String after = KeyCursor.decode(cursor);
        if (after != null && !IdFormat.CLIENT_ID.matches(after)) {
            throw KeyCursor.invalid();
        }
        // A client sees its own schedules only: asking for another owner's finds none.
        Optional<String> confinedTo = reader.confinedTo();
        if (confinedTo.isPresent() && ownerId != null && !confinedTo.get().equals(ownerId)) {
            return new Page<>(List.of(), null);
        }
        List<ScheduleView> rows = schedules.findSchedules(confinedTo.orElse(ownerId), status, after, pageSize + 1);
        if (rows.size() <= pageSize) {
            return new Page<>(rows, null);
        }
        List<ScheduleView> page = rows.subList(0, pageSize);
        return new Page<>(page, KeyCursor.encode(page.get(pageSize - 1).id()));
    }

    /** The {@code ETag} is the schedule's version: see the account's, which it mirrors. */
    @Operation(operationId = "getSchedule", summary = "A scheduled payment")
    @VersionedRead
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScheduleView> get(@PathVariable String id, Reader reader) {
        ScheduleView schedule = schedule(PathIds.ledgerId(id), reader);
        return VersionedAnswer.ok(schedule.version(), schedule);
    }

    @Operation(operationId = "listOccurrences",
            summary = "What became of each occurrence, newest first", description = "status is DUE, PAID, "
            + "FAILED (a retry follows at nextRetryAt), ABANDONED, SKIPPED or MISSED. limit 1 to 500 (default 50).")
    @GetMapping(path = "/{id}/occurrences", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<OccurrenceView> occurrences(@PathVariable String id, @RequestParam(required = false) String limit,
                                     @RequestParam(required = false) String cursor, Reader reader) {
        PathIds.ledgerId(id);
        int pageSize = PageRequest.limit(limit);
        LocalDate beforeDate = dateCursor(cursor);
        schedule(id, reader);
        List<OccurrenceView> rows = schedules.findOccurrences(id, beforeDate, pageSize + 1);
        if (rows.size() <= pageSize) {
            return new Page<>(rows, null);
        }
        List<OccurrenceView> page = rows.subList(0, pageSize);
        return new Page<>(page, KeyCursor.encode(page.get(pageSize - 1).date().toString()));
    }

    @Operation(operationId = "listUpcomingOccurrences",
            summary = "The next occurrences", description = "Honours pauses and skips: a schedule paused without "
            + "an end, suspended, cancelled or completed has none. limit 1 to 100 (default 10).")
    @GetMapping(path = "/{id}/upcoming", produces = MediaType.APPLICATION_JSON_VALUE)
    Items<Upcoming> upcoming(@PathVariable String id, @RequestParam(required = false) String limit,
                             Reader reader) {
        PathIds.ledgerId(id);
        int count = upcomingLimit(limit);
        ScheduleView schedule = schedule(id, reader);
        if (schedule.nextOccurrence() == null) {
            return new Items<>(List.of());
        }
        java.util.Set<LocalDate> skipped = schedules.skippedFrom(id, schedule.nextOccurrence());
        return new Items<>(calendar.occurrences(ScheduleQueries.recurrenceOf(schedule), schedule.nextOccurrence(),
                        null, count + skipped.size()).stream()
                .filter(o -> !skipped.contains(o.date())).limit(count)
                .map(o -> new Upcoming(o.date(), o.runAt())).toList());
    }

    private ScheduleView schedule(String id, Reader reader) {
        return schedules.getSchedule(id).filter(schedule -> reader.mayRead(schedule.ownerId()))
                .orElseThrow(() -> QueryProblems.notFound("SCHEDULE_NOT_FOUND", "no such schedule"));
    }

    private static int upcomingLimit(String value) {
        if (value == null) {
            return UPCOMING_DEFAULT;
        }
        try {
            int limit = AsciiNumbers.parseInt(value);
            if (limit >= 1 && limit <= UPCOMING_MAX) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw QueryProblems.badParameter("INVALID_LIMIT", "limit", "limit must be an integer from 1 to "
                + UPCOMING_MAX);
    }

    /** The date of a cursor this service issued: an occurrence date, so a year PostgreSQL can store. */
    private static LocalDate dateCursor(String cursor) {
        String key = KeyCursor.decode(cursor);
        if (key == null) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(key);
        } catch (java.time.format.DateTimeParseException forged) {
            date = null;
        }
        if (date == null || date.getYear() < 1 || date.getYear() > 9999) {
            throw KeyCursor.invalid();
        }
        return date;
    }
}
