package com.payledger.query.web;

import com.payledger.events.IdFormat;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.web.ErrorResponseException;

/**
 * The ids in the query endpoints' paths. One that no ledger id can equal is malformed input, a 400 {@code INVALID_ID}
 * as the command side answers it, never a lookup that answers 404: the client has a bug to fix, not a missing row.
 */
public final class PathIds {

    private PathIds() {
    }

    /** {@code id} when it is an account or schedule id. */
    public static String ledgerId(String id) {
        if (!IdFormat.CLIENT_ID.matches(id)) {
            throw invalid();
        }
        return id;
    }

    /**
     * {@code id} when it is a transfer id: a client's, or a scheduled payment's, whose date must be one that occurs
     * (the ledger never names a payment for February 30th, so asking for one is a bug, not a missing transfer).
     */
    public static String transferId(String id) {
        if (IdFormat.CLIENT_ID.matches(id)) {
            return id;
        }
        if (!IdFormat.SCHEDULED_TRANSFER_ID.matches(id)) {
            throw invalid();
        }
        try {
            // ISO_LOCAL_DATE resolves strictly: 2026-02-30 and 2026-13-01 are refused, not moved to a real date.
            // Year 0 parses too, but no schedule starts before year 1.
            if (LocalDate.parse(id.substring(id.length() - "yyyy-mm-dd".length())).getYear() < 1) {
                throw new DateTimeParseException("before year 1", id, 0);
            }
        } catch (DateTimeParseException impossible) {
            throw QueryProblems.badParameter("INVALID_ID", "id", "a scheduled payment's id is sched~<scheduleId>~<date>"
                    + " with a date that occurs, like 2026-02-28");
        }
        return id;
    }

    private static ErrorResponseException invalid() {
        return QueryProblems.badParameter("INVALID_ID", "id",
                "id must be 1 to 64 letters, digits or . _ : - and start with a letter or digit");
    }
}
