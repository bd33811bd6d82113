package com.payledger.query.rebuild;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shadow copies of a projection's tables that a rebuild replays into. A shadow table starts with the live
 * table's columns, defaults and checks, and with only the keys the handlers find rows by while they replay. Every
 * other index, and the keys of append-only tables, is built after the replay: one sort per index instead of one
 * index insert per row, which is most of what PostgreSQL spends replaying a statement projection. Keys and indexes
 * keep the live ones' names, so a migration that names an index still finds it after any number of rebuilds.
 */
final class ShadowTables {

    private final JdbcTemplate jdbc;
    private final String schema;

    ShadowTables(JdbcTemplate jdbc, String schema) {
        this.jdbc = jdbc;
        this.schema = schema;
    }

    /**
     * Creates {@code projection}'s shadow tables in an empty schema; returns the statements that complete them
     * once the replay is done, to run before they replace the live tables.
     */
    List<String> create(RebuildableProjection projection) {
        List<String> afterReplay = new ArrayList<>();
        for (String table : projection.tables()) {
            String live = RebuildableProjection.LIVE_SCHEMA + "." + table;
            String shadow = schema + "." + table;
            jdbc.execute("create table " + shadow + " (like " + live + " including all excluding indexes)");
            boolean keysDeferred = projection.appendOnlyTables().contains(table);
            for (String key : keys(live)) {
                String addKey = "alter table " + shadow + " add " + key;
                if (keysDeferred) {
                    afterReplay.add(addKey);
                } else {
                    jdbc.execute(addKey);
                }
            }
            for (String index : otherIndexes(live)) {
                String onShadow = index.replace(" ON " + live + " ", " ON " + shadow + " ");
                if (onShadow.equals(index)) {
                    throw new IllegalStateException("cannot move index to the shadow table: " + index);
                }
                afterReplay.add(onShadow);
            }
        }
        return afterReplay;
    }

    /** Primary keys, unique and exclusion constraints, as {@code constraint <name> <definition>}. */
    private List<String> keys(String table) {
        return jdbc.queryForList("""
                select format('constraint %I %s', conname, pg_get_constraintdef(oid))
                  from pg_constraint
                 where conrelid = ?::regclass and contype in ('p', 'u', 'x')
                 order by conname""", String.class, table);
    }

    /** The {@code create index} statement of every index that backs no constraint. */
    private List<String> otherIndexes(String table) {
        return jdbc.queryForList("""
                select pg_get_indexdef(i.indexrelid)
                  from pg_index i
                 where i.indrelid = ?::regclass
                   and not exists (select from pg_constraint c
                                    where c.conindid = i.indexrelid and c.conrelid = i.indrelid
                                      and c.contype in ('p', 'u', 'x'))
                 order by i.indexrelid""", String.class, table);
    }
}
