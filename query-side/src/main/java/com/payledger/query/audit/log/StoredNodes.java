package com.payledger.query.audit.log;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored inner nodes of the verifiable log ({@code audit.merkle_nodes}, levels 1 and up), as a verification reads
 * them: proofs and roots are served from these rows, not recomputed from the leaves, so a verification that checks
 * only the leaves would call a log intact whose proofs fail.
 */
@Component
public class StoredNodes {

    /** Levels stop below 63 so that a node's first leaf and its size fit in a {@code long}. */
    private static final int LEVEL_MAX = 62;

    /** A node's place in the tree: the perfect subtree over leaves [index * 2^level, (index + 1) * 2^level). */
    public record Position(int level, long index) {
    }

    private final JdbcTemplate jdbc;

    StoredNodes(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The stored nodes that the leaves at positions {@code from} to {@code toExclusive} complete: node (L, i) is
     * complete once leaf (i + 1) * 2^L - 1 is appended. One range of the primary key per level.
     */
    public Map<Position, byte[]> completedBy(long from, long toExclusive) {
        Map<Position, byte[]> nodes = new HashMap<>();
        jdbc.query("""
                select n.level, n.node_index, n.hash
                  from generate_series(1, ?) as l(level)
                  join audit.merkle_nodes n on n.level = l.level
                   and n.node_index >= (? + (1::bigint << l.level)) / (1::bigint << l.level) - 1
                   and n.node_index <= ? / (1::bigint << l.level) - 1""",
                row -> {
                    nodes.put(new Position(row.getInt(1), row.getLong(2)), row.getBytes(3));
                }, LEVEL_MAX, from, toExclusive);
        return nodes;
    }

    /**
     * A stored node that no tree of the stored leaves has: at a level no node can be at, or over leaves the log does
     * not have. Read in one statement, so leaves and nodes appended together meanwhile are both seen or neither.
     * Such a row stops the log: the appender stores each node once, and would clash with it.
     */
    public Optional<Position> firstBeyondTheLeaves() {
        return jdbc.query("""
                select level, node_index from audit.merkle_nodes
                 where case when level between 1 and ? and node_index >= 0
                            then (node_index + 1)::numeric * (2::numeric ^ level)
                                 > (select coalesce(max(leaf_index), -1) + 1 from audit.merkle_leaves)
                            else true end
                 order by level, node_index limit 1""",
                (row, number) -> new Position(row.getInt(1), row.getLong(2)), LEVEL_MAX).stream().findFirst();
    }
}
