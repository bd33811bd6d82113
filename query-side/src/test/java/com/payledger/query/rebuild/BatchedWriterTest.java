package com.payledger.query.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How a rebuild's writer sends its queue, without a database: runs of the same statement in the order queued, a run
 * of two or more in its set-based form if it has one, and the no-row-changed action of every statement that changed
 * no row, whichever way it went.
 */
class BatchedWriterTest {

    private final List<String> sent = new ArrayList<>();
    private final JdbcTemplate jdbc = new JdbcTemplate() {
        @Override
        public int[] batchUpdate(String sql, List<Object[]> batchArgs) {
            sent.add("batch " + sql + " x" + batchArgs.size());
            // The statement changes a row for every positive argument.
            return batchArgs.stream().mapToInt(args -> (Integer) args[0] > 0 ? 1 : 0).toArray();
        }
    };
    private final SetBased together = (template, rows) -> {
        sent.add("together x" + rows.size());
        boolean[] changed = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            changed[i] = (Integer) rows.get(i)[0] > 0;
        }
        return changed;
    };
    private final BatchedWriter writer = new BatchedWriter(jdbc);
    private final AtomicInteger unchanged = new AtomicInteger();

    @Test
    void givenRunsOfStatements_whenFlushed_thenEachRunGoesInOrderAndInItsSetBasedFormFromTwoStatements() {
        writer.update(together, "leg", unchanged::incrementAndGet, 1);
        writer.update("open", unchanged::incrementAndGet, 1);
        writer.update(together, "leg", unchanged::incrementAndGet, 1);
        writer.update(together, "leg", unchanged::incrementAndGet, 0);
        writer.update(together, "leg", unchanged::incrementAndGet, 1);
        writer.update("open", unchanged::incrementAndGet, 0);

        writer.flush();

        assertThat(sent).containsExactly("batch leg x1", "batch open x1", "together x3", "batch open x1");
        assertThat(unchanged).as("no-row-changed actions run").hasValue(2);
    }

    @Test
    void givenAFlushedWriter_whenFlushedAgain_thenNothingIsSentTwice() {
        writer.update(together, "leg", unchanged::incrementAndGet, 1);
        writer.update(together, "leg", unchanged::incrementAndGet, 1);
        writer.flush();
        writer.flush();

        assertThat(sent).containsExactly("together x2");
    }
}
