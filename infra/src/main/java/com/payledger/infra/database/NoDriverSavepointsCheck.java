package com.payledger.infra.database;

import com.payledger.infra.failure.StartupRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.AutoSave;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when the PostgreSQL driver is set to wrap statements in savepoints ({@code autosave} other than
 * {@code never}, for example in {@code PAYLEDGER_DB_URL}).
 *
 * <p>A transfer's claim may be settled to a later time by the transaction that made it, and a trigger tells that
 * transaction by the claim row's {@code xmin}. A row inserted inside a savepoint carries the savepoint's own
 * transaction id instead, so every transfer whose time had to be raised would fail.
 */
@Component
class NoDriverSavepointsCheck implements InitializingBean {

    private final DataSource dataSource;

    NoDriverSavepointsCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            AutoSave autosave = connection.unwrap(PGConnection.class).getAutosave();
            if (autosave != AutoSave.NEVER) {
                throw new StartupRefusal("The PostgreSQL driver is set to autosave=" + autosave.value()
                        + ": it would wrap the ledger's statements in savepoints, under which a transfer's claim "
                        + "cannot be settled by its own transaction.", "Remove autosave from PAYLEDGER_DB_URL (or "
                        + "set it to never).");
            }
        }
    }
}
