package com.payledger.infra.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CausesTest {

    @Test
    void givenAWrappedFailure_whenLookingDownTheChain_thenTheFirstMatchIsFoundItselfIncluded() {
        SQLException duplicate = new SQLException("duplicate key", "23505");
        SQLException outer = new SQLException("batch failed", "08000", duplicate);
        IllegalStateException wrapped = new IllegalStateException("commit failed", outer);

        assertThat(Causes.first(wrapped, SQLException.class)).containsSame(outer);
        assertThat(Causes.first(wrapped, SQLException.class, sql -> "23505".equals(sql.getSQLState())))
                .containsSame(duplicate);
        assertThat(Causes.first(wrapped, IllegalStateException.class)).containsSame(wrapped);
        assertThat(Causes.first(wrapped, IOException.class)).isEmpty();
        assertThat(Causes.any(wrapped, cause -> cause instanceof SQLException)).isTrue();
        assertThat(Causes.any(null, cause -> true)).isFalse();
    }

    @Test
    void givenAChainThatLoopsBack_whenWalked_thenEachFailureIsSeenOnceAndTheWalkEnds() {
        RuntimeException first = new RuntimeException("first");
        IllegalArgumentException second = new IllegalArgumentException("second") {
            @Override
            public synchronized Throwable getCause() {
                return first;
            }
        };
        first.initCause(second);

        assertThat(Causes.first(first, SQLException.class)).isEmpty();
        assertThat(Causes.first(first, IllegalArgumentException.class)).containsSame(second);
    }
}
