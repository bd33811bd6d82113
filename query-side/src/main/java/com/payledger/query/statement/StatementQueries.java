package com.payledger.query.statement;

import com.payledger.query.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads statements from {@code read_model.account_entries}, written by the account projection. */
@Component
class StatementQueries {

    private final JdbcTemplate jdbc;

    StatementQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Entries of one account, newest first, with keyset paging on the stream sequence: a page never skips or
     * repeats an entry however many postings arrive between two requests.
     *
     * @param before only entries with a smaller sequence (the decoded cursor), or null for the newest
     * @param from   inclusive lower bound of {@code postedAt}, or null
     * @param to     exclusive upper bound of {@code postedAt}, or null
     */
    StatementPage findEntries(String accountId, Long before, Instant from, Instant to, int limit) {
        List<EntryView> rows = jdbc.query("""
                select sequence, transfer_id, amount_minor, currency, balance_after_minor, counterparty_account_id,
                       description, posted_at
                  from read_model.account_entries
                 where account_id = ?
                   and sequence < ?
                   and posted_at >= ?
                   and posted_at < ?
                 order by sequence desc
                 limit ?""", StatementQueries::toEntry, accountId, before == null ? Long.MAX_VALUE : before,
                Timestamp.from(from == null ? Instant.EPOCH : upToMicros(from)),
                Timestamp.from(to == null ? Instant.parse("9999-12-31T00:00:00Z") : upToMicros(to)), limit + 1);
        if (rows.size() <= limit) {
            return new StatementPage(rows, null);
        }
        List<EntryView> page = rows.subList(0, limit);
        return new StatementPage(page, PageRequest.encodeCursor(page.get(limit - 1).sequence()));
    }

    /**
     * The first microsecond at or after {@code bound}. PostgreSQL keeps microseconds and rounds a finer bound to the
     * nearest one, so a bound a few nanoseconds past an entry's time took that entry as at or after it; every time
     * stored is a whole microsecond, so this one compares with them exactly as {@code bound} does.
     */
    static Instant upToMicros(Instant bound) {
        Instant whole = bound.truncatedTo(ChronoUnit.MICROS);
        return whole.equals(bound) ? bound : whole.plus(1, ChronoUnit.MICROS);
    }

    private static EntryView toEntry(ResultSet row, int rowNumber) throws SQLException {
        long amount = row.getLong("amount_minor");
        return new EntryView(row.getLong("sequence"), row.getString("transfer_id"), amount < 0 ? "DEBIT" : "CREDIT",
                amount, row.getString("currency"), row.getLong("balance_after_minor"),
                row.getString("counterparty_account_id"), row.getString("description"),
                row.getTimestamp("posted_at").toInstant());
    }
}
