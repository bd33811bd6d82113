package com.payledger.query.transfer;

import static com.payledger.query.rebuild.SetBased.Column.instant;
import static com.payledger.query.rebuild.SetBased.Column.int8;
import static com.payledger.query.rebuild.SetBased.Column.text;

import com.payledger.query.rebuild.RebuildableProjection;
import com.payledger.query.rebuild.SetBased;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The set-based form of {@link TransferProjection}'s insert, for a rebuild: a run of transfers inserted by one
 * statement over arrays. A transfer already in the table is skipped as the insert skips it, and the rows it inserted
 * are how it tells which ones changed a row: each id it returns belongs to the first row that carried it.
 */
final class TransfersTogether implements SetBased {

    /** Where each value sits in the insert's arguments (see {@link TransferProjection}). */
    static final int TRANSFER = 0;
    static final int DEBIT = 1;
    static final int CREDIT = 2;
    static final int AMOUNT = 3;
    static final int CURRENCY = 4;
    static final int DESCRIPTION = 5;
    static final int METADATA = 6;
    static final int POSTED_AT = 7;

    private static final String TOGETHER = """
            insert into read_model.transfers (transfer_id, debit_account_id, credit_account_id, amount_minor,
                currency, description, metadata, posted_at)
            select transfer_id, debit_account_id, credit_account_id, amount_minor, currency, description,
                   metadata::jsonb, posted_at
              from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[],
                          ?::text[], ?::text[]::timestamptz[])
                as transfer(transfer_id, debit_account_id, credit_account_id, amount_minor, currency, description,
                            metadata, posted_at)
            on conflict (transfer_id) do nothing
            returning transfer_id""";

    private final String together;

    TransfersTogether(String schema) {
        this.together = RebuildableProjection.in(schema, TOGETHER);
    }

    @Override
    public boolean[] send(JdbcTemplate jdbc, List<Object[]> rows) {
        Set<String> inserted = new HashSet<>(jdbc.query(connection -> statement(connection, rows),
                (row, number) -> row.getString(1)));
        boolean[] changed = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            changed[i] = inserted.remove((String) rows.get(i)[TRANSFER]);
        }
        return changed;
    }

    private PreparedStatement statement(Connection connection, List<Object[]> rows) throws SQLException {
        return SetBased.prepare(connection, together, rows, text(TRANSFER), text(DEBIT), text(CREDIT), int8(AMOUNT),
                text(CURRENCY), text(DESCRIPTION), text(METADATA), instant(POSTED_AT));
    }
}
