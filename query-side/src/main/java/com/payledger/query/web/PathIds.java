package com.payledger.query.web;

import java.util.regex.Pattern;
import org.springframework.web.ErrorResponseException;

/**
 * The ids in the query endpoints' paths. One that no ledger id can equal is malformed input, a 400 {@code INVALID_ID}
 * as the command side answers it, never a lookup that answers 404: the client has a bug to fix, not a missing row.
 */
public final class PathIds {

    /** Account, schedule and client-chosen transfer ids: the command side accepts no other. */
    public static final Pattern LEDGER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** The ids the ledger gives the transfers of scheduled payments: {@code sched~<scheduleId>~<date>}. */
    private static final Pattern OCCURRENCE_TRANSFER_ID =
            Pattern.compile("sched~[A-Za-z0-9][A-Za-z0-9._:-]{0,63}~[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private PathIds() {
    }

    /** {@code id} when it is an account or schedule id. */
    public static String ledgerId(String id) {
        if (!LEDGER_ID.matcher(id).matches()) {
            throw invalid();
        }
        return id;
    }

    /** {@code id} when it is a transfer id: a client's, or a scheduled payment's. */
    public static String transferId(String id) {
        if (!LEDGER_ID.matcher(id).matches() && !OCCURRENCE_TRANSFER_ID.matcher(id).matches()) {
            throw invalid();
        }
        return id;
    }

    private static ErrorResponseException invalid() {
        return QueryProblems.badParameter("INVALID_ID", "id",
                "id must be 1 to 64 letters, digits or . _ : - and start with a letter or digit");
    }
}
