package com.payledger.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.failure.StartupRefusal;
import com.payledger.infra.support.TestDatabase;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** The service refuses a database whose default transaction_timeout would override the append window. */
class DefaultTransactionTimeoutCheckIT {

    @Test
    void givenADefaultLongerThanTheAppendWindow_whenStarting_thenTheServiceRefusesAndSaysWhatToSet() {
        assertThatThrownBy(() -> checkWithDefault("1min")).isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("transaction_timeout of 1min")
                .satisfies(refusal -> assertThat(((StartupRefusal) refusal).action())
                        .contains("Set transaction_timeout to 0 or to at most 30s"));
    }

    @Test
    void givenNoDefaultOrAStricterOne_whenStarting_thenTheCheckPasses() {
        assertThatCode(() -> checkWithDefault("0")).doesNotThrowAnyException();
        assertThatCode(() -> checkWithDefault("30s")).doesNotThrowAnyException();
        assertThatCode(() -> checkWithDefault("500ms")).doesNotThrowAnyException();
    }

    @Test
    void givenADefault_whenATransactionSetsAShorterBound_thenPostgresKeepsTheDefaultsTimer() {
        DataSource database = databaseWithDefault("3s");
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database));
        JdbcTemplate jdbc = new JdbcTemplate(database);

        assertThatCode(() -> transaction.executeWithoutResult(status -> {
            jdbc.queryForObject("select set_config('transaction_timeout', '300', true)", String.class);
            jdbc.execute("select pg_sleep(1)");
        })).as("the 300 ms bound never fired: the reason for the check").doesNotThrowAnyException();
    }

    /** Runs the check on a new database whose default is {@code timeout}, as a session of it sees it. */
    private static void checkWithDefault(String timeout) {
        new DefaultTransactionTimeoutCheck(new JdbcTemplate(databaseWithDefault(timeout))).afterPropertiesSet();
    }

    private static DataSource databaseWithDefault(String timeout) {
        String url = TestDatabase.newDatabase();
        String database = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        TestDatabase.jdbc().execute("alter database " + database + " set transaction_timeout = '" + timeout + "'");
        return new DriverManagerDataSource(url, TestDatabase.superuser(), TestDatabase.superuserPassword());
    }
}
