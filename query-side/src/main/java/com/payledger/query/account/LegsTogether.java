package com.payledger.query.account;

import static com.payledger.query.rebuild.SetBased.Column.instant;
import static com.payledger.query.rebuild.SetBased.Column.int8;
import static com.payledger.query.rebuild.SetBased.Column.text;

import com.payledger.query.rebuild.RebuildableProjection;
import com.payledger.query.rebuild.SetBased;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The set-based form of {@link AccountProjection}'s leg statement, for a rebuild: a run of legs moves each account's
 * balance once, by the run's sum, and inserts every statement entry with its balance after it, as a running sum from
 * the balance before the run. A thousand legs are one statement instead of a thousand.
 *
 * <p>The legs of an account move it only as the leg statement would have moved it one by one: when each of its legs
 * in the run follows the one before and the first follows the account's last applied event. An account whose legs do
 * not (a replayed event the catch-up handles again, a repeated one, one out of order) gets its legs one by one, with
 * the leg statement itself, so every answer and every failure is the leg statement's own.
 */
final class LegsTogether implements SetBased {

    /** Where each value sits in the leg statement's arguments (see {@link AccountProjection}). */
    static final int AMOUNT = 0;
    static final int SEQUENCE = 1;
    static final int ACCOUNT = 2;
    static final int TRANSFER = 6;
    static final int COUNTERPARTY = 7;
    static final int CURRENCY = 9;
    static final int DESCRIPTION = 10;
    static final int POSTED_AT = 11;

    /** Sent only the legs of accounts whose legs are consecutive ({@link #accountsWithConsecutiveLegs}). */
    private static final String TOGETHER = """
            with leg as (
                select * from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[],
                                     ?::varchar[], ?::varchar[], ?::text[]::timestamptz[])
                    as leg(account_id, sequence, amount_minor, transfer_id, counterparty_account_id, currency,
                           description, posted_at)),
            run as (
                select account_id, sum(amount_minor) as moved_minor, min(sequence) as first_sequence,
                       max(sequence) as last_sequence
                  from leg group by account_id),
            moved as (
                update read_model.accounts a
                   set posted_minor = a.posted_minor + run.moved_minor, last_sequence = run.last_sequence
                  from run
                 where a.account_id = run.account_id and a.last_sequence = run.first_sequence - 1
                returning a.account_id, a.posted_minor - run.moved_minor as before_minor),
            entry as (
                insert into read_model.account_entries (account_id, sequence, transfer_id, counterparty_account_id,
                    amount_minor, currency, balance_after_minor, description, posted_at)
                select leg.account_id, leg.sequence, leg.transfer_id, leg.counterparty_account_id, leg.amount_minor,
                       leg.currency, moved.before_minor + sum(leg.amount_minor)
                           over (partition by leg.account_id order by leg.sequence),
                       leg.description, leg.posted_at
                  from leg join moved on moved.account_id = leg.account_id)
            select account_id from moved""";

    private final String together;
    private final String oneByOne;

    /** {@code oneByOne}: the leg statement, in the same schema. */
    LegsTogether(String schema, String oneByOne) {
        this.together = RebuildableProjection.in(schema, TOGETHER);
        this.oneByOne = oneByOne;
    }

    @Override
    public boolean[] send(JdbcTemplate jdbc, List<Object[]> rows) {
        Set<String> inOrder = accountsWithConsecutiveLegs(rows);
        List<Object[]> together = rows.stream().filter(row -> inOrder.contains((String) row[ACCOUNT])).toList();
        Set<String> moved = together.isEmpty() ? Set.of() : new HashSet<>(jdbc.query(
                connection -> statement(connection, together), (row, number) -> row.getString(1)));
        boolean[] changed = new boolean[rows.size()];
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (moved.contains((String) rows.get(i)[ACCOUNT])) {
                changed[i] = true;
            } else {
                left.add(i);
            }
        }
        if (!left.isEmpty()) {
            int[] counts = jdbc.batchUpdate(oneByOne, left.stream().map(rows::get).toList());
            for (int i = 0; i < counts.length; i++) {
                changed[left.get(i)] = counts[i] != 0;
            }
        }
        return changed;
    }

    /**
     * The accounts whose legs, in the order queued, each follow the one before: only those can move in one step.
     * A replayed leg, a repeated one or one out of order sends its account's legs one by one, and the leg statement
     * answers or fails for each as it would have.
     */
    private static Set<String> accountsWithConsecutiveLegs(List<Object[]> rows) {
        Map<String, Long> lastSequence = new HashMap<>();
        Set<String> broken = new HashSet<>();
        for (Object[] row : rows) {
            String account = (String) row[ACCOUNT];
            long sequence = (Long) row[SEQUENCE];
            Long before = lastSequence.put(account, sequence);
            if (before != null && before + 1 != sequence) {
                broken.add(account);
            }
        }
        Set<String> consecutive = new HashSet<>(lastSequence.keySet());
        consecutive.removeAll(broken);
        return consecutive;
    }

    private PreparedStatement statement(Connection connection, List<Object[]> rows) throws SQLException {
        return SetBased.prepare(connection, together, rows, text(ACCOUNT), int8(SEQUENCE), int8(AMOUNT),
                text(TRANSFER), text(COUNTERPARTY), text(CURRENCY), text(DESCRIPTION), instant(POSTED_AT));
    }
}
