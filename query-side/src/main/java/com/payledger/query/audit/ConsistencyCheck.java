package com.payledger.query.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds every account stream of the event store and compares the result with the account read model: balance and
 * version of every account, accounts missing on either side, and per currency the sum of all balances (zero, or
 * money was created or lost). Reads the database only, so the command line can run it without the service; it
 * reads stored payloads of every revision (AccountOpened revision 1 kept the currency in its overdraft limit).
 *
 * <p>Both sides are read in one repeatable-read snapshot: the read models are written in the same transaction as
 * the events, so as of one instant they must agree, while a transfer committed between two separate reads would
 * show as drift on a ledger that keeps taking writes. A projection rebuild's swap committed after the snapshot was
 * taken would put in the read model's place a table the snapshot shows as it was while being rebuilt; PostgreSQL
 * resolves names in the latest catalog, not in the snapshot. So the check notes which table bore the name in its
 * snapshot and runs again when another one bears it after the read. It holds no lock that a swap would wait for.
 */
public class ConsistencyCheck {

    /** Reporting stops after this many drifts: one is already an incident. */
    public static final int DRIFTS_MAX = 1000;
    /** Checks run before giving up when a rebuild swapped the read model in during each. */
    static final int ATTEMPTS = 5;

    /** One difference: {@code kind} is BALANCE, VERSION, MISSING_IN_READ_MODEL, UNKNOWN_TO_EVENT_STORE or SUM. */
    public record Drift(String kind, String subject, String fromEventStore, String inReadModel) {
    }

    /**
     * {@code balanceSumsByCurrency} is exact: one account may hold nearly 2^63 minor units and another minus as much,
     * so a running sum in a long overflowed on the way to zero, depending on the order the accounts came in.
     */
    public record Report(boolean consistent, int accountsChecked, Map<String, BigInteger> balanceSumsByCurrency,
                         List<Drift> drifts) {
    }

    private record Folded(long postedMinor, long version, String currency) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;

    public ConsistencyCheck(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(new DataSourceTransactionManager(
                Objects.requireNonNull(jdbc.getDataSource(), "a JdbcTemplate with a DataSource")));
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        snapshot.setReadOnly(true);
    }

    public Report run() {
        for (int attempt = 1; ; attempt++) {
            Optional<Report> report = snapshot.execute(status -> compare());
            if (report != null && report.isPresent()) {
                return report.get();
            }
            if (attempt == ATTEMPTS) {
                // Transient: the API answers 503 with Retry-After, as for other contention.
                throw new TransientDataAccessResourceException("the read models were rebuilt during each of "
                        + ATTEMPTS + " consistency checks; check again");
            }
        }
    }

    /** The report; empty when a rebuild swapped the read model's table in after this snapshot was taken. */
    private Optional<Report> compare() {
        // The first query takes the snapshot; pg_class read in it names the table the snapshot knows.
        Long snapshotTable = jdbc.queryForObject("select c.oid::bigint from pg_class c join pg_namespace n "
                + "on n.oid = c.relnamespace where n.nspname = 'read_model' and c.relname = 'accounts'", Long.class);
        Map<String, Folded> folded = foldEventStore();
        Map<String, Folded> readModel = new HashMap<>();
        jdbc.query("select account_id, posted_minor, last_sequence, currency from read_model.accounts", row -> {
            readModel.put(row.getString(1), new Folded(row.getLong(2), row.getLong(3), row.getString(4)));
        });
        // The name resolves in the latest catalog: the same table as in the snapshot, or a rebuild swapped it since.
        Long readTable = jdbc.queryForObject("select 'read_model.accounts'::regclass::oid::bigint", Long.class);
        if (!Objects.equals(snapshotTable, readTable)) {
            return Optional.empty();
        }
        List<Drift> drifts = new ArrayList<>();
        Map<String, BigInteger> sums = new TreeMap<>();
        folded.forEach((account, expected) -> {
            sums.merge(expected.currency(), BigInteger.valueOf(expected.postedMinor()), BigInteger::add);
            Folded actual = readModel.get(account);
            if (actual == null) {
                add(drifts, new Drift("MISSING_IN_READ_MODEL", account, "present", "absent"));
            } else if (actual.postedMinor() != expected.postedMinor()) {
                add(drifts, new Drift("BALANCE", account, Long.toString(expected.postedMinor()),
                        Long.toString(actual.postedMinor())));
            } else if (actual.version() != expected.version()) {
                add(drifts, new Drift("VERSION", account, Long.toString(expected.version()),
                        Long.toString(actual.version())));
            }
        });
        readModel.keySet().stream().filter(account -> !folded.containsKey(account)).sorted().forEach(account ->
                add(drifts, new Drift("UNKNOWN_TO_EVENT_STORE", account, "absent", "present")));
        sums.forEach((currency, sum) -> {
            if (sum.signum() != 0) {
                add(drifts, new Drift("SUM", currency, sum.toString(), "must be 0"));
            }
        });
        return Optional.of(new Report(drifts.isEmpty(), folded.size(), sums, drifts));
    }

    /** By account id, so that drifts are listed in that order. */
    private Map<String, Folded> foldEventStore() {
        Map<String, Folded> folded = new TreeMap<>();
        jdbc.query("""
                select aggregateidentifier,
                       max(sequencenumber) as version,
                       coalesce(sum(case payloadtype
                           when 'com.payledger.events.account.AccountCredited' then 1
                           when 'com.payledger.events.account.AccountDebited' then -1 else 0 end
                           * coalesce((convert_from(payload, 'UTF8')::json -> 'amount' ->> 'amountMinor')::numeric,
                                      0)), 0) as posted,
                       max(case when payloadtype = 'com.payledger.events.account.AccountOpened'
                           then coalesce(convert_from(payload, 'UTF8')::json ->> 'currency',
                                         convert_from(payload, 'UTF8')::json -> 'overdraftLimit' ->> 'currency') end)
                           as currency
                  from event_store.domainevententry
                 where payloadtype like 'com.payledger.events.account.%'
                 group by aggregateidentifier""", row -> {
            folded.put(row.getString(1), new Folded(row.getBigDecimal(3).longValueExact(), row.getLong(2),
                    row.getString(4)));
        });
        return folded;
    }

    private static void add(List<Drift> drifts, Drift drift) {
        if (drifts.size() < DRIFTS_MAX) {
            drifts.add(drift);
        }
    }
}
