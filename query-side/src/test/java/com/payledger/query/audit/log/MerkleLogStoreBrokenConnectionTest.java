package com.payledger.query.audit.log;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.query.audit.merkle.CompactRange;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;

/** The log's batched inserts turn pgjdbc's assertion error on a dying connection into an exception, and only that. */
class MerkleLogStoreBrokenConnectionTest {

    private static final List<CompactRange.Node> NODES = List.of(new CompactRange.Node(1, 0, new byte[32]));

    @Test
    void givenTheDriverAssertsAsTheConnectionDies_whenInsertingNodes_thenTheProcessorGetsAnExceptionItRetries() {
        MerkleLogStore log = new MerkleLogStore(throwing(error("org.postgresql.jdbc.BatchResultHandler")));

        assertThatThrownBy(() -> log.insertNodes(NODES)).isInstanceOf(TransientDataAccessResourceException.class)
                .hasCauseInstanceOf(AssertionError.class);
    }

    @Test
    void givenAnAssertionErrorFromAnywhereElse_whenInsertingNodes_thenItStaysAnError() {
        MerkleLogStore log = new MerkleLogStore(throwing(error("com.payledger.query.audit.log.Elsewhere")));

        assertThatThrownBy(() -> log.insertNodes(NODES)).isExactlyInstanceOf(AssertionError.class);
    }

    private static AssertionError error(String thrownIn) {
        AssertionError error = new AssertionError("pgStatement.getConnection().getAutoCommit() should not throw");
        error.setStackTrace(new StackTraceElement[] {new StackTraceElement(thrownIn, "isAutoCommit", null, 115)});
        return error;
    }

    private static JdbcTemplate throwing(AssertionError error) {
        return new JdbcTemplate() {
            @Override
            public <T> int[][] batchUpdate(String sql, Collection<T> batchArgs, int batchSize,
                                           ParameterizedPreparedStatementSetter<T> setter) {
                throw error;
            }
        };
    }
}
