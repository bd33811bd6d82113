package com.payledger.query.rebuild;

import java.util.List;

/**
 * A projection that can be rebuilt from the event store: the same handlers, writing to a shadow copy of its
 * tables in another schema, which then replaces the live tables.
 */
public interface RebuildableProjection {

    /** The live schema of every read model. */
    String LIVE_SCHEMA = "read_model";

    String processingGroup();

    /** The projection's tables, unqualified, in {@link #LIVE_SCHEMA}. */
    List<String> tables();

    /**
     * Whether the consistency check reads its tables, so that its swap must first close the {@link SwapGate} and wait
     * there for the checks that are comparing. Yes by default.
     */
    default boolean readByConsistencyChecks() {
        return true;
    }

    /**
     * Tables whose handlers only ever insert rows and never find one by key (no update, no {@code on conflict}): a
     * rebuild builds even their keys after the replay (see {@link ShadowTables}). None by default.
     */
    default List<String> appendOnlyTables() {
        return List.of();
    }

    /**
     * A new instance of the projection whose handlers write to the same tables in {@code schema}, through
     * {@code writer} if they never read their own tables (see {@link ReadModelWriter}), at once otherwise.
     */
    Object writingTo(String schema, ReadModelWriter writer);

    /** {@code sql} with every table of the live schema moved to {@code schema}. */
    static String in(String schema, String sql) {
        return LIVE_SCHEMA.equals(schema) ? sql : sql.replace(LIVE_SCHEMA + ".", schema + ".");
    }
}
