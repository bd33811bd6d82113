package com.payledger.infra.axon;

import com.payledger.infra.failure.StartupRefusal;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the database gives the service's transactions a {@code transaction_timeout} longer than
 * the append window ({@link AppendWindow#APPEND_TO_COMMIT}).
 *
 * <p>PostgreSQL starts a transaction's timer when the transaction starts, if a default is set for the server, the
 * database or the role, and then ignores the shorter bound that {@link AppendWindow} sets before the events take
 * their indexes. An event-writing transaction could then commit after the tracking processors gave its index up,
 * and its events would be stored but never logged. A default of 30 s or less is stricter than the window and
 * harmless. Before PostgreSQL 17 the setting does not exist.
 */
@Component
class DefaultTransactionTimeoutCheck implements InitializingBean {

    private final JdbcTemplate jdbc;

    DefaultTransactionTimeoutCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        // Null before PostgreSQL 17, which has no such setting.
        Map<String, Object> timeout = jdbc.queryForMap("""
                select setting, (extract(epoch from setting::interval) * 1000)::bigint as millis
                  from (select current_setting('transaction_timeout', true) as setting) current""");
        if (timeout.get("millis") instanceof Long millis && millis > AppendWindow.APPEND_TO_COMMIT.toMillis()) {
            throw new StartupRefusal("PostgreSQL gives this role's transactions a transaction_timeout of "
                    + timeout.get("setting") + ", longer than the ledger's append window of "
                    + AppendWindow.APPEND_TO_COMMIT.toSeconds() + " s, which it would then not enforce: an event "
                    + "committing that late could be stored but never logged.", "Set transaction_timeout to 0 or to "
                    + "at most 30s for the service's role and database (ALTER ROLE ... SET transaction_timeout = 0).");
        }
    }
}
