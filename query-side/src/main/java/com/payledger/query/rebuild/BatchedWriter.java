package com.payledger.query.rebuild;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queues a rebuild's statements, to send each run of the same statement as one JDBC batch (of at most
 * {@value #MAX_PER_BATCH}), or as one statement in its set-based form if it has one ({@link SetBased}), in the order
 * they were queued: now ({@link #flush}), or later from another thread ({@link #take}). A replayed transfer posts two
 * account legs with the same statement, so a batch of a thousand events goes out in a handful of round trips.
 */
final class BatchedWriter implements ReadModelWriter {

    static final int MAX_PER_BATCH = 2_000;

    private final JdbcTemplate jdbc;
    private List<Run> runs = new ArrayList<>();

    BatchedWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void update(String sql, Runnable ifNoRowChanged, Object... args) {
        update(null, sql, ifNoRowChanged, args);
    }

    @Override
    public void update(SetBased together, String sql, Runnable ifNoRowChanged, Object... args) {
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last == null || !last.sql().equals(sql) || last.args().size() >= MAX_PER_BATCH) {
            last = new Run(sql, together, new ArrayList<>(), new ArrayList<>());
            runs.add(last);
        }
        last.args().add(args);
        last.ifNoRowChanged().add(ifNoRowChanged);
    }

    /** Sends what is queued, in this thread and its transaction. */
    void flush() {
        take().send();
    }

    /** Takes what is queued, to send later; the writer starts empty again. */
    Pending take() {
        Pending pending = new Pending(jdbc, runs);
        runs = new ArrayList<>();
        return pending;
    }

    /** Statements taken from the writer, not sent yet. */
    record Pending(JdbcTemplate jdbc, List<Run> runs) {

        /**
         * Sends each run as one JDBC batch, or in its set-based form; then the no-row-changed action of each statement
         * that changed none.
         */
        void send() {
            for (Run run : runs) {
                boolean[] changed = run.send(jdbc);
                for (int i = 0; i < changed.length; i++) {
                    if (!changed[i]) {
                        run.ifNoRowChanged().get(i).run();
                    }
                }
            }
        }
    }

    /** Statements of the same SQL queued one after another; {@code together} is the first one's set-based form. */
    private record Run(String sql, SetBased together, List<Object[]> args, List<Runnable> ifNoRowChanged) {

        /**
         * A run of one goes as the statement itself: a set-based form gains nothing on one row, and a replay of one
         * event per transaction (the naive replay the rebuild benchmark compares with) stays what Axon would send.
         */
        boolean[] send(JdbcTemplate jdbc) {
            if (together != null && args.size() > 1) {
                boolean[] changed = together.send(jdbc, args);
                if (changed.length != args.size()) {
                    throw new IllegalStateException("a set-based form answered for " + changed.length + " of "
                            + args.size() + " statements");
                }
                return changed;
            }
            int[] counts = jdbc.batchUpdate(sql, args);
            boolean[] changed = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                changed[i] = counts[i] != 0;
            }
            return changed;
        }
    }
}
