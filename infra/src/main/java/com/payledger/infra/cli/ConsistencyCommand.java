package com.payledger.infra.cli;

import com.payledger.infra.database.DatabasePasswords;
import com.payledger.query.audit.ConsistencyCheck;
import java.io.PrintStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/** Runs the consistency check straight against the database the service uses; the service need not be running. */
final class ConsistencyCommand {

    private ConsistencyCommand() {
    }

    static int run(PrintStream out) {
        String url = System.getenv("PAYLEDGER_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("set PAYLEDGER_DB_URL (and _USER, _PASSWORD or _PASSWORD_FILE) to the "
                    + "ledger's database, or call GET /api/v1/audit/consistency on the running service");
        }
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(url,
                System.getenv().getOrDefault("PAYLEDGER_DB_USER", ""),
                DatabasePasswords.password(System::getenv, "PAYLEDGER_DB_PASSWORD").orElse("")));
        ConsistencyCheck.Report report = new ConsistencyCheck(jdbc).run();
        out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return report.consistent() ? 0 : 1;
    }
}
