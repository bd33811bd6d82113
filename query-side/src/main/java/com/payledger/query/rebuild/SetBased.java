package com.payledger.query.rebuild;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
     * Prepares {@code sql} with one array parameter per column, in order: the argument at the column's index of every
     * row.
     */
    static PreparedStatement prepare(Connection connection, String sql, List<Object[]> rows, Column... columns)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int parameter = 0; parameter < columns.length; parameter++) {
            statement.setArray(parameter + 1, columns[parameter].of(connection, rows));
        }
        return statement;
    }

    /** One array parameter of a set-based statement: the argument at {@code index} of every row. */
    record Column(Kind kind, int index) {

        /** What the arguments are, and what array the statement gets (its SQL casts it to the column's type). */
        enum Kind {
            /** Strings, as {@code text[]}. */
            TEXT,
            /** Longs, as {@code int8[]}. */
            INT8,
            /**
             * {@link Timestamp}s, as {@code text[]} of instants, to cast to {@code timestamptz[]}. The driver writes
             * an array of timestamps as local times of the JVM's zone without an offset, which PostgreSQL reads in
             * the session's zone: wrong by the zones' difference where they differ, and an hour late, where they
             * agree, for the first pass through the hour the clocks go back. An instant's text carries its zone, as
             * a single timestamp parameter does.
             */
            INSTANT
        }

        public static Column text(int index) {
            return new Column(Kind.TEXT, index);
        }

        public static Column int8(int index) {
            return new Column(Kind.INT8, index);
        }

        public static Column instant(int index) {
            return new Column(Kind.INSTANT, index);
        }

        Array of(Connection connection, List<Object[]> rows) throws SQLException {
            Object[] values = kind == Kind.INT8 ? new Long[rows.size()] : new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Object value = rows.get(i)[index];
                values[i] = kind == Kind.INSTANT ? ((Timestamp) value).toInstant().toString() : value;
            }
            return connection.createArrayOf(kind == Kind.INT8 ? "int8" : "text", values);
        }
    }
}
