package com.payledger.query.audit;

import com.payledger.query.rebuild.SwapGate;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares the account, statement and transfer read models with a fold of the event store ({@link ReadModelFold}),
 * every column of every row: an account's owner, currency, type, status, limit, name, metadata, balance and version;
 * every entry of every statement with its balance after; every transfer. It reports rows missing on either side and,
 * per currency, the sum of all balances (zero, or money was created or lost). The schedules' read model is not
 * compared: its next runs come from the recurrence calendar, which SQL does not redo. Reads the database only, so the
 * command line can run it without the service.
 *
 * <p>The read models and the log are read in one repeatable-read snapshot: the read models are written in the same
 * transaction as the events, so as of one instant they must agree, while a transfer committed between two separate
 * reads would show as drift on a ledger that keeps taking writes. The log is parsed first, into a temporary table,
 * and only then are the read-model tables read, so a rebuild's swap, which locks them for a moment (and gives up after
 * a second, to try again later), waits for the comparisons alone: an auditor checking in a loop had kept every swap
 * out while each check parsed the log under those locks. The comparisons too take seconds on a large ledger, so they
 * begin at the {@link SwapGate}, which lets a waiting swap go first. A swap committed after the snapshot was taken
 * would put in the read model's place a table the snapshot shows as it was while being rebuilt; PostgreSQL resolves
 * names in the latest catalog, not in the snapshot. So the check notes which tables bore the names in its snapshot
 * and runs again when others bear them after the read.
 */
public class ConsistencyCheck {

    /** Reporting stops after this many drifts: one is already an incident. */
    public static final int DRIFTS_MAX = 1000;
    /** Checks run before giving up when a rebuild swapped the read model in during each. */
    static final int ATTEMPTS = 5;
    /** PostgreSQL's memory for each sort and hash of a comparison, instead of its default 4 MB. */
    static final String WORK_MEM = "64MB";
    /** SQLSTATE class 22, data exception: a stored value that cannot be read as the type the fold asks for. */
    private static final String DATA_EXCEPTION_CLASS = "22";

    /**
     * One difference. {@code kind}: for accounts BALANCE, VERSION, ACCOUNT_FIELD (another column; the subject names
     * it as {@code account.column}), MISSING_IN_READ_MODEL or UNKNOWN_TO_EVENT_STORE; for statement entries
     * (subject {@code account#sequence}) and transfers the same with an ENTRY_ or TRANSFER_ prefix, and FIELD for a
     * column; SUM for a currency whose balances do not sum to zero; for the balance checkpoints that a balance as of
     * an instant starts from (subject {@code account#sequence}) BALANCE_CHECKPOINT_FIELD ({@code posted_minor}, or a
     * {@code recorded_at} before a time an event it covers states) and BALANCE_CHECKPOINT_UNKNOWN_TO_EVENT_STORE;
     * EVENT_STORE_UNREADABLE, alone in its report, for a stored event the fold cannot read (subject
     * {@code event_store.domainevententry}, PostgreSQL's reason in {@code fromEventStore}); RULE_... for history that
     * breaks the ledger's rules whatever the read models hold ({@link LedgerRuleBreaches}; the breach in
     * {@code fromEventStore}, {@code inReadModel} null).
     */
    public record Drift(String kind, String subject, @Nullable String fromEventStore,
                        @Nullable String inReadModel) {
    }

    /**
     * {@code balanceSumsByCurrency} is exact: one account may hold nearly 2^63 minor units and another minus as much,
     * so a running sum in a long overflowed on the way to zero, depending on the order the accounts came in.
     */
    // Named apart: springdoc names a schema by the simple class name, and the verification's Report took its place.
    @Schema(name = "ConsistencyReport")
    public record Report(boolean consistent, int accountsChecked, Map<String, BigInteger> balanceSumsByCurrency,
                         List<Drift> drifts, long entriesChecked, long transfersChecked) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<ReadModelFold.Table> TABLES = List.of(ReadModelFold.ACCOUNTS, ReadModelFold.ENTRIES,
            ReadModelFold.TRANSFERS);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public ConsistencyCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(
                Objects.requireNonNull(jdbc.getDataSource(), "a JdbcTemplate with a DataSource")));
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        // Not read-only: it copies the log into a temporary table, which PostgreSQL refuses in such a transaction.
    }

    public Report run() {
        for (int attempt = 1; ; attempt++) {
            Report report;
            try {
                report = snapshot.execute(status -> compare());
            } catch (DataAccessException e) {
                report = unreadable(e);
            }
            if (report != null) {
                return report;
            }
            if (attempt == ATTEMPTS) {
                // Transient: the API answers 503 with Retry-After, as for other contention.
                throw new TransientDataAccessResourceException("the read models were rebuilt during each of "
                        + ATTEMPTS + " consistency checks; check again");
            }
        }
    }

    /**
     * The fold reads every stored event with SQL, which stops at the first value it cannot take as an event: a payload
     * that is no longer JSON, or no longer text. That is what the check is for, so it is reported as drift (the API had
     * answered 500, the command line exited 2 as if the database were unreachable). PostgreSQL names the value but not
     * the row; the verification of the audit log names the altered event. Any other error is the check's own failure.
     */
    private static Report unreadable(DataAccessException e) {
        if (!(e.getMostSpecificCause() instanceof SQLException sql) || sql.getSQLState() == null
                || !sql.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
            throw e;
        }
        String reason = sql.getMessage() + "; GET /api/v1/audit/verification names the altered event";
        Drift drift = new Drift("EVENT_STORE_UNREADABLE", "event_store.domainevententry", reason, null);
        return new Report(false, 0, Map.of(), List.of(drift), 0, 0);
    }

    /** What one table's comparison found: its drifts, its rows, and for the accounts the sums per currency. */
    private record Compared(List<Drift> drifts, long rows, List<CurrencySum> sums) {
    }

    private record CurrencySum(String currency, BigInteger balances, int accounts) {
    }

    /** The report; null when a rebuild swapped a read model's table in after this snapshot was taken. */
    private Report compare() {
        // The first query takes the snapshot; pg_class read in it names the tables the snapshot knows.
        List<Long> snapshotTables = TABLES.stream().map(table -> jdbc.queryForObject("select c.oid::bigint from "
                + "pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname || '.' || c.relname = ?",
                Long.class, table.name())).toList();
        // The joins and the running sums sort and hash whole tables: with PostgreSQL's default 4 MB each spilled to
        // disk. For this transaction only.
        jdbc.execute("set local work_mem = '" + WORK_MEM + "'");
        jdbc.execute(ReadModelFold.copyOfTheLog());
        jdbc.execute("analyze events");
        List<Drift> ruleBreaches = new ArrayList<>();
        jdbc.query(LedgerRuleBreaches.query(DRIFTS_MAX), row -> {
            ruleBreaches.add(new Drift(row.getString("kind"), row.getString("subject"), row.getString("detail"),
                    null));
        });
        // Before the read models' tables are touched: a swap waiting for them goes first (see SwapGate).
        jdbc.query(SwapGate.PASS, row -> { });
        Compared accounts = compare(ReadModelFold.ACCOUNTS);
        Compared entries = compare(ReadModelFold.ENTRIES);
        Compared transfers = compare(ReadModelFold.TRANSFERS);
        List<Drift> balanceCheckpoints = balanceCheckpointDrifts();
        // The names resolve in the latest catalog: the same tables as in the snapshot, or a rebuild swapped them.
        List<Long> readTables = TABLES.stream().map(table -> jdbc.queryForObject(
                "select to_regclass(?)::oid::bigint", Long.class, table.name())).toList();
        if (!snapshotTables.equals(readTables)) {
            return null;
        }
        List<Drift> drifts = new ArrayList<>();
        for (Compared compared : List.of(accounts, entries, transfers)) {
            compared.drifts().forEach(drift -> add(drifts, drift));
        }
        balanceCheckpoints.forEach(drift -> add(drifts, drift));
        ruleBreaches.forEach(drift -> add(drifts, drift));
        Map<String, BigInteger> sums = new TreeMap<>();
        int accountsChecked = 0;
        for (CurrencySum sum : accounts.sums()) {
            sums.put(sum.currency(), sum.balances());
            accountsChecked += sum.accounts();
        }
        sums.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                add(drifts, new Drift("SUM", currency, sum.toString(), "must be 0"));
            }
        });
        return new Report(drifts.isEmpty(), accountsChecked, sums, drifts, entries.rows(), transfers.rows());
    }

    private Compared compare(ReadModelFold.Table table) {
        List<Drift> drifts = new ArrayList<>();
        List<CurrencySum> sums = new ArrayList<>();
        jdbc.query(ReadModelFold.differences(table, DRIFTS_MAX), row -> {
            if (row.getString("kind").equals("SUM")) {
                sums.add(new CurrencySum(row.getString("row_key"), new BigInteger(row.getString("expected_row")),
                        Integer.parseInt(row.getString("read_model_row"))));
            } else {
                drifts.addAll(differences(row));
            }
        });
        return new Compared(drifts, count(table), sums);
    }

    /**
     * The balance checkpoints a past balance would start from wrongly. They are no read model, but a balance as of an
     * instant trusts them as it trusts the events, and the service's role may insert them: one slipped in changed
     * every later past balance of its account while this check and the log's verification found nothing.
     */
    private List<Drift> balanceCheckpointDrifts() {
        List<Drift> drifts = new ArrayList<>();
        jdbc.query(ReadModelFold.balanceCheckpointDifferences(DRIFTS_MAX), row -> {
            String key = row.getString("row_key");
            if (row.getBoolean("unknown")) {
                drifts.add(new Drift("BALANCE_CHECKPOINT_UNKNOWN_TO_EVENT_STORE", key, "absent", "present"));
                return;
            }
            String folded = row.getBigDecimal("posted_minor").toPlainString();
            String stored = Long.toString(row.getLong("checkpoint_posted_minor"));
            if (!folded.equals(stored)) {
                drifts.add(new Drift("BALANCE_CHECKPOINT_FIELD", key + ".posted_minor", folded, stored));
            }
            Timestamp latestStated = row.getTimestamp("latest_stated_at");
            Timestamp recorded = row.getTimestamp("recorded_at");
            if (recorded.before(latestStated)) {
                drifts.add(new Drift("BALANCE_CHECKPOINT_FIELD", key + ".recorded_at",
                        "at or after " + latestStated.toInstant(), recorded.toInstant().toString()));
            }
        });
        return drifts;
    }

    private long count(ReadModelFold.Table table) {
        Long rows = jdbc.queryForObject("select count(*) from " + table.name(), Long.class);
        return rows == null ? 0 : rows;
    }

    /**
     * The drifts of one differing row: the row missing on one side, or one per differing column. An account's balance
     * and version keep the kinds they always had (BALANCE, VERSION), with the account as the subject.
     */
    private static List<Drift> differences(ResultSet row) throws SQLException {
        String prefix = row.getString("kind").equals("ACCOUNT") ? "" : row.getString("kind") + "_";
        String key = row.getString("row_key");
        if (row.getBoolean("only_in_event_store")) {
            return List.of(new Drift(prefix + "MISSING_IN_READ_MODEL", key, "present", "absent"));
        }
        if (row.getBoolean("only_in_read_model")) {
            return List.of(new Drift(prefix + "UNKNOWN_TO_EVENT_STORE", key, "absent", "present"));
        }
        JsonNode expected = JSON.readTree(row.getString("expected_row"));
        JsonNode actual = JSON.readTree(row.getString("read_model_row"));
        List<Drift> drifts = new ArrayList<>();
        for (String column : (String[]) row.getArray("columns").getArray()) {
            String kind = prefix.isEmpty() && column.equals("posted_minor") ? "BALANCE"
                    : prefix.isEmpty() && column.equals("last_sequence") ? "VERSION"
                    : (prefix.isEmpty() ? "ACCOUNT_" : prefix) + "FIELD";
            String subject = kind.equals("BALANCE") || kind.equals("VERSION") ? key : key + "." + column;
            drifts.add(new Drift(kind, subject, text(expected.get(column)), text(actual.get(column))));
        }
        return drifts;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.isString() ? value.asString() : value.toString();
    }

    private static void add(List<Drift> drifts, Drift drift) {
        if (drifts.size() < DRIFTS_MAX) {
            drifts.add(drift);
        }
    }
}
