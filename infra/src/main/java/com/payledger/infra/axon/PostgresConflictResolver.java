package com.payledger.infra.axon;

import com.payledger.infra.failure.Causes;
import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon which database errors mean "someone else wrote first". Axon's default resolver looks for
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws, so a clash on the event
 * table's unique (stream, sequence) key would surface as a fatal error instead of a retryable conflict.
 */
class PostgresConflictResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";
    static final String DEADLOCK_DETECTED = "40P01";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return Causes.first(exception, SQLException.class,
                sql -> UNIQUE_VIOLATION.equals(sql.getSQLState()) || DEADLOCK_DETECTED.equals(sql.getSQLState()))
                .isPresent();
    }
}
