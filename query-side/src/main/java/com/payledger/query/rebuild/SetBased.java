package com.payledger.query.rebuild;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
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
     * {@code text}, {@code int8}) whose element class {@code elements} the values are.
     */
    static <T> Array column(Connection connection, String type, Class<T> elements, List<Object[]> rows, int index)
            throws SQLException {
        Object[] values = (Object[]) java.lang.reflect.Array.newInstance(elements, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            values[i] = elements.cast(rows.get(i)[index]);
        }
        return connection.createArrayOf(type, values);
    }

    /**
     * The {@link Timestamp} at {@code index} of every row, as a text array of instants (to cast to
     * {@code timestamptz[]}). The driver writes an array of timestamps as local times of the JVM's zone without an
     * offset, which PostgreSQL reads in the session's zone: wrong by the zones' difference where they differ, and an
     * hour late, where they agree, for the first pass through the hour the clocks go back. An instant's text carries
     * its zone, as a single timestamp parameter does.
     */
    static Array instants(Connection connection, List<Object[]> rows, int index) throws SQLException {
        String[] values = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            values[i] = ((Timestamp) rows.get(i)[index]).toInstant().toString();
        }
        return connection.createArrayOf("text", values);
    }
}
