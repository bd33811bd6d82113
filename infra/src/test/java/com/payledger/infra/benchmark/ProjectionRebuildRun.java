package com.payledger.infra.benchmark;

import com.payledger.command.account.AccountId;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.query.audit.ConsistencyCheck;
import com.payledger.query.rebuild.ProjectionRebuild;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One run of the rebuild benchmark, at any size: seeds a log, rebuilds every read model from it through the real
 * {@link ProjectionRebuild} (the shipped batch size), rebuilds equivalent tables set-based with plain JDBC (baseline
 * (d)), and replays a prefix of the same log with one event per projection transaction (the naive replay), checking
 * along the way that every rebuild ends DONE and that the result equals a fold of the log.
 *
 * <p>The service that rebuilds runs with its two tracking processors (the verifiable log and the recurring-payment
 * automation) switched to subscribing: as tracking processors they would start catching up on the whole bulk-inserted
 * log at the same time and compete with the rebuild for the two cores, which is another benchmark. Subscribing, they
 * see only events published in-process, and neither reads the read models the rebuild replaces.
 */
final class ProjectionRebuildRun {

    static final List<String> PROJECTIONS = List.of("projection-accounts", "projection-transfers",
            "projection-schedules");
    static final int SHIPPED_BATCH_SIZE = 1000;
    static final String ALL_IN_ONE_PASS = "all three read models, one pass";
    static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(8);

    /**
     * {@code events} in the log; the naive replay reads its first {@code naiveEvents}. {@code consistencyCheck}: run
     * the service's full consistency check on the rebuilt read models too. It compares every row of every table with
     * a fold of the log (about 26 s over 1,000,000 events here), which the 10-minute bound of the whole benchmark has
     * no room for; the smoke mode runs it, and the row counts and baseline (d)'s independently built tables check
     * every full run.
     */
    record Settings(long events, long naiveEvents, int accounts, boolean consistencyCheck) {

        Settings {
            if (accounts < 2 || naiveEvents < 1 || naiveEvents > events) {
                throw new IllegalArgumentException("need 2+ accounts and 1 <= naiveEvents <= events: " + this);
            }
        }
    }

    /** A fresh database: what the service connects as, and a superuser to seed and measure the baseline with. */
    record Database(String url, String user, String password, String superuser, String superuserPassword) {

        DataSource asSuperuser() {
            return new DriverManagerDataSource(url, superuser, superuserPassword);
        }
    }

    record Rebuilt(String projection, int batchSize, long events, double seconds, long rowsThatDiffered) {

        double perSecond() {
            return events / seconds;
        }
    }

    /** Whether the run produced what it must; the figures mean nothing otherwise. {@code consistent}: null, not run. */
    record Checks(boolean rowCountsMatchTheLog, Boolean consistent, boolean baselineEqualsRebuild) {

        boolean all() {
            return rowCountsMatchTheLog && !Boolean.FALSE.equals(consistent) && baselineEqualsRebuild;
        }
    }

    /**
     * {@code tuned}: every projection in one pass over the log; {@code naive}: each on its own, one event per
     * transaction, one after the other; {@code naiveOnePass}: all in one pass, one event per transaction (one commit
     * per event for all three, the strictest naive figure: Axon's processors side by side commit three times).
     */
    record Figures(Settings settings, long logEvents, double seedSeconds, Rebuilt tuned,
                   long baselineEvents, double baselineSeconds, List<Rebuilt> naive, Rebuilt naiveOnePass,
                   long naiveEvents,
                   PeakMemory.Figures memory, Checks checks) {

        double baselinePerSecond() {
            return baselineEvents / baselineSeconds;
        }

        double tunedPerSecond() {
            return tuned.perSecond();
        }

        /** All read models from the log's prefix: its events over the time the rebuilds took together. */
        double naivePerSecond() {
            return naiveEvents / naive.stream().mapToDouble(Rebuilt::seconds).sum();
        }
    }

    private ProjectionRebuildRun() {
    }

    /** Runs the benchmark on databases from {@code databases} (two: the log, and the naive replay's prefix). */
    static Figures run(Settings settings, Supplier<Database> databases) throws Exception {
        try (PeakMemory memory = new PeakMemory()) {
            Database log = databases.get();
            long seedStarted = System.nanoTime();
            try (ServiceInstance seeding = start(log, SHIPPED_BATCH_SIZE, false)) {
                RebuildLog.openAndFund(seeding.context().getBean(CommandGateway.class), settings.accounts());
            }
            JdbcTemplate superuser = new JdbcTemplate(log.asSuperuser());
            RebuildLog.appendTransfers(superuser, settings.accounts(), (settings.events() - count(superuser)) / 2);
            double seedSeconds = seconds(seedStarted);
            long logEvents = count(superuser);

            Rebuilt tuned;
            boolean rowCounts;
            Boolean consistent;
            try (ServiceInstance ledger = start(log, SHIPPED_BATCH_SIZE, true)) {
                tuned = rebuildAll(ledger, SHIPPED_BATCH_SIZE);
                rowCounts = rowCountsMatchTheLog(superuser);
                // A fold of the log must accept it: the aggregates load their whole bulk history and append to it.
                ledger.context().getBean(CommandGateway.class).sendAndWait(new PostTransfer(
                        new TransferId("after-rebuild"), new AccountId(RebuildLog.account(0)),
                        new AccountId(RebuildLog.account(1)), Money.of(1, "EUR"), null, Map.of()));
                consistent = settings.consistencyCheck()
                        ? new ConsistencyCheck(ledger.jdbc()).run().consistent() : null;
            }

            SetBasedRebuild baseline = new SetBasedRebuild(log.asSuperuser());
            baseline.prepare();
            long baselineStarted = System.nanoTime();
            long baselineEvents = baseline.run();
            double baselineSeconds = seconds(baselineStarted);
            boolean baselineEquals = baselineEqualsRebuild(superuser);

            Database prefix = databases.get();
            List<Rebuilt> naive = new ArrayList<>();
            Rebuilt naiveOnePass;
            long naiveEvents;
            try (ServiceInstance ledger = start(prefix, 1, true)) {
                naiveEvents = RebuildLog.copyPrefix(superuser, new JdbcTemplate(prefix.asSuperuser()),
                        settings.naiveEvents());
                for (String projection : PROJECTIONS) {
                    naive.add(rebuild(ledger, projection, 1));
                }
                naiveOnePass = rebuildAll(ledger, 1);
            }
            return new Figures(settings, logEvents, seedSeconds, tuned, baselineEvents, baselineSeconds, naive,
                    naiveOnePass, naiveEvents, memory.figures(), new Checks(rowCounts, consistent, baselineEquals));
        }
    }

    private static ServiceInstance start(Database database, int batchSize, boolean quietTrackingProcessors) {
        Map<String, String> settings = new LinkedHashMap<>();
        // The production intervals, not the tests' fast polling.
        settings.put("payledger.deadlines.polling-interval", "PT1S");
        settings.put("payledger.checkpoints.interval", "PT1M");
        settings.put("payledger.rebuild.batch-size", Integer.toString(batchSize));
        if (quietTrackingProcessors) {
            settings.put("axon.eventhandling.processors.audit-merkle-log.mode", "subscribing");
            settings.put("axon.eventhandling.processors.automation-recurring-payments.mode", "subscribing");
        }
        return ServiceInstance.start(database.url(), database.user(), database.password(), settings);
    }

    /** Rebuilds {@code projection} through the service's own bean and times it from start to DONE. */
    private static Rebuilt rebuild(ServiceInstance ledger, String projection, int batchSize) {
        ProjectionRebuild rebuilds = ledger.context().getBean(ProjectionRebuild.class);
        long started = System.nanoTime();
        rebuilds.start(projection).orElseThrow(() -> new IllegalStateException("a rebuild is already running"));
        ProjectionRebuild.Progress done = awaitDone(rebuilds, projection);
        return new Rebuilt(projection, batchSize, done.replayed(), seconds(started), done.rowsThatDiffered());
    }

    /** Rebuilds every projection in one pass through the service's own bean, timed from start to all DONE. */
    private static Rebuilt rebuildAll(ServiceInstance ledger, int batchSize) {
        ProjectionRebuild rebuilds = ledger.context().getBean(ProjectionRebuild.class);
        long started = System.nanoTime();
        List<ProjectionRebuild.Progress> done = rebuilds.startAll()
                .orElseThrow(() -> new IllegalStateException("a rebuild is already running")).stream()
                .map(progress -> awaitDone(rebuilds, progress.projection())).toList();
        return new Rebuilt(ALL_IN_ONE_PASS, batchSize, done.get(0).replayed(), seconds(started),
                done.stream().mapToLong(ProjectionRebuild.Progress::rowsThatDiffered).sum());
    }

    private static ProjectionRebuild.Progress awaitDone(ProjectionRebuild rebuilds, String projection) {
        ProjectionRebuild.Progress done = Eventually.await(() -> rebuilds.progress(projection).orElseThrow(),
                progress -> !"RUNNING".equals(progress.state()), REBUILD_TIMEOUT, "rebuilding " + projection);
        if (!"DONE".equals(done.state()) || done.replayed() < done.total()) {
            throw new IllegalStateException("rebuilding " + projection + " did not finish: " + done);
        }
        return done;
    }

    /** Accounts = AccountOpened events, entries = debits and credits, transfers = debits. */
    private static boolean rowCountsMatchTheLog(JdbcTemplate jdbc) {
        Map<String, Object> expected = jdbc.queryForMap("""
                select count(*) filter (where payloadtype like '%.AccountOpened') as accounts,
                       count(*) filter (where payloadtype like '%.AccountDebited'
                                           or payloadtype like '%.AccountCredited') as entries,
                       count(*) filter (where payloadtype like '%.AccountDebited') as transfers
                  from event_store.domainevententry""");
        Map<String, Object> actual = jdbc.queryForMap("""
                select (select count(*) from read_model.accounts) as accounts,
                       (select count(*) from read_model.account_entries) as entries,
                       (select count(*) from read_model.transfers) as transfers""");
        return expected.equals(actual);
    }

    /** The baseline built the same balances, versions, entries and transfers as the projections' own rebuild. */
    private static boolean baselineEqualsRebuild(JdbcTemplate jdbc) {
        Long differing = jdbc.queryForObject("""
                select (select count(*) from (
                          (select account_id, posted_minor, last_sequence from read_model.accounts
                           except select account_id, posted_minor, last_sequence from bench_rebuild.accounts)
                          union all
                          (select account_id, posted_minor, last_sequence from bench_rebuild.accounts
                           except select account_id, posted_minor, last_sequence from read_model.accounts)) a)
                     + (select count(*) from (
                          select account_id, sequence, amount_minor, balance_after_minor from read_model.account_entries
                          except
                          select account_id, sequence, amount_minor, balance_after_minor
                            from bench_rebuild.account_entries) e)
                     + abs((select count(*) from read_model.account_entries)
                           - (select count(*) from bench_rebuild.account_entries))
                     + abs((select count(*) from read_model.transfers)
                           - (select count(*) from bench_rebuild.transfers))""", Long.class);
        return differing != null && differing == 0;
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
