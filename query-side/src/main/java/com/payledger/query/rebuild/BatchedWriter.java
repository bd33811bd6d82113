package com.payledger.query.rebuild;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queues a rebuild's statements and sends each run of the same statement as one JDBC batch, in the order they were
 * queued, when the rebuild flushes (before every commit) or when {@value #MAX_QUEUED} are waiting. A replayed
 * transfer posts two account legs with the same statement, so a batch of a thousand events goes out in a handful
 * of round trips.
 */
final class BatchedWriter implements ReadModelWriter {

    static final int MAX_QUEUED = 2_000;

    private final JdbcTemplate jdbc;
    private String queuedSql;
    private final List<Object[]> queuedArgs = new ArrayList<>();
    private final List<Runnable> ifNoRowChanged = new ArrayList<>();

    BatchedWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void update(String sql, Runnable ifNoRowChanged, Object... args) {
        if (queuedSql != null && !queuedSql.equals(sql)) {
            flush();
        }
        queuedSql = sql;
        queuedArgs.add(args);
        this.ifNoRowChanged.add(ifNoRowChanged);
        if (queuedArgs.size() >= MAX_QUEUED) {
            flush();
        }
    }

    /** Sends what is queued; then runs the no-row-changed action of each statement that changed none. */
    void flush() {
        if (queuedArgs.isEmpty()) {
            return;
        }
        int[] changed = jdbc.batchUpdate(queuedSql, queuedArgs);
        List<Runnable> actions = List.copyOf(ifNoRowChanged);
        queuedSql = null;
        queuedArgs.clear();
        ifNoRowChanged.clear();
        for (int i = 0; i < changed.length; i++) {
            if (changed[i] == 0) {
                actions.get(i).run();
            }
        }
    }
}
