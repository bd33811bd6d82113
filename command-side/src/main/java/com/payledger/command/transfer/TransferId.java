package com.payledger.command.transfer;

import com.payledger.command.account.AccountId;
import com.payledger.events.IdFormat;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The idempotency key of a transfer, unique forever. Clients choose ids in the account-id format; the ledger
 * derives the ids of scheduled payments as {@code sched~<scheduleId>~<occurrence date>}, which no client id can
 * equal because '~' is not allowed in client ids.
 */
public record TransferId(String value) {

    static final Pattern OCCURRENCE_FORMAT = IdFormat.SCHEDULED_TRANSFER_ID.pattern();

    public TransferId {
        Objects.requireNonNull(value, "value");
        if (!AccountId.FORMAT.matcher(value).matches() && !OCCURRENCE_FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("transfer id must match " + AccountId.FORMAT.pattern());
        }
    }

    /** The transfer that pays {@code occurrence} of a schedule: the same however often it is attempted. */
    public static TransferId forOccurrence(String scheduleId, LocalDate occurrence) {
        return new TransferId("sched~" + scheduleId + "~" + occurrence);
    }

    @Override
    public String toString() {
        return value;
    }
}
