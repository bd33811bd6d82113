package com.payledger.infra.cli;

import com.payledger.infra.database.DatabasePasswords;
import com.payledger.query.audit.ConsistencyCheck;
import java.io.PrintStream;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.TransactionException;
import tools.jackson.databind.json.JsonMapper;

/** Runs the consistency check straight against the database the service uses; the service need not be running. */
final class ConsistencyCommand {

    private ConsistencyCommand() {
    }

    /**
     * 0 when the read models match the log, 1 when they drifted, 2 when the check could not run. A database that
     * cannot be reached (or read by this role) is not a drift: it ended the command with a stack trace and exit
     * code 1, which a scheduled check reads as "the read models drifted".
     */
    static int run(UnaryOperator<String> environment, PrintStream out) {
        String url = environment.apply("PAYLEDGER_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("set PAYLEDGER_DB_URL (and _USER, _PASSWORD or _PASSWORD_FILE) to the "
                    + "ledger's database, or call GET /api/v1/audit/consistency on the running service");
        }
        String password;
        try {
            password = DatabasePasswords.password(environment, "PAYLEDGER_DB_PASSWORD").orElse("");
        } catch (IllegalStateException unusable) {
            // The password and its file both set, or the file unreadable: misuse (2), which ended in a stack trace
            // and exit code 1.
            throw new IllegalArgumentException(unusable.getMessage(), unusable);
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url,
                Objects.requireNonNullElse(environment.apply("PAYLEDGER_DB_USER"), ""), password));
        ConsistencyCheck.Report report;
        try {
            report = new ConsistencyCheck(jdbc).run();
        } catch (DataAccessException | TransactionException unreadable) {
            // The driver's message names the server and the role, never the password.
            out.println("error: cannot read the ledger's database: " + unreadable.getMostSpecificCause().getMessage());
            return 2;
        }
        out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return report.consistent() ? 0 : 1;
    }
}
