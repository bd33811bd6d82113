package com.payledger.query.rebuild;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One statement's set-based form: a run of that statement, as a rebuild's batch queues it, sent as one statement over
 * arrays of the run's arguments instead of one execution each ({@link BatchedWriter}). A JDBC batch saves the round
 * trips but PostgreSQL still runs every statement on its own; a replayed transfer's two legs are a thousand of them
 * per batch.
 */
@FunctionalInterface
public interface SetBased {

    /**
     * Has the effect of running the statement once for each of {@code rows} (its arguments, in the order queued), in
     * the current transaction, and answers per row whether that statement would have changed a row.
     */
    boolean[] send(JdbcTemplate jdbc, List<Object[]> rows);

    /**
     * The argument at {@code index} of every row, as a PostgreSQL array of {@code type} ({@code varchar},
     * {@code int8}, {@code timestamptz}) whose element class {@code elements} the values are.
     */
    static <T> Array column(Connection connection, String type, Class<T> elements, List<Object[]> rows, int index)
            throws SQLException {
        Object[] values = (Object[]) java.lang.reflect.Array.newInstance(elements, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            values[i] = elements.cast(rows.get(i)[index]);
        }
        return connection.createArrayOf(type, values);
    }
}
