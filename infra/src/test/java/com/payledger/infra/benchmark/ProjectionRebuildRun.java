package com.payledger.infra.benchmark;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.query.audit.ConsistencyCheck;
import com.payledger.query.rebuild.ProjectionRebuild;
import java.time.Duration;
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
 * {@link ProjectionRebuild} (the shipped batch size), rebuilds equivalent tables set-based with plain JDBC from a
 * prefix of the log (baseline (d)), and replays a shorter prefix with one event per projection transaction (the naive
 * replay), checking along the way that every rebuild ends DONE and that the result equals a fold of the log.
 *
 * <p>The service that rebuilds runs with its two tracking processors (the verifiable log and the recurring-payment
 * automation) switched to subscribing: as tracking processors they would start catching up on the whole bulk-inserted
 * log at the same time and compete with the rebuild for the two cores, which is another benchmark. Subscribing, they
 * see only events published in-process, and neither reads the read models the rebuild replaces.
 */
final class ProjectionRebuildRun {

    static final int SHIPPED_BATCH_SIZE = 1000;
    static final String ALL_IN_ONE_PASS = "all three read models, one pass";
    static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(8);

    /**
     * {@code events} in the log; baseline (d) reads its first {@code baselineEvents} (or a few more, to the end of its
     * last batch of {@value SetBasedRebuild#BATCH}), the naive replay its first {@code naiveEvents}.
     * {@code consistencyCheck}: run the service's full consistency check on the rebuilt read models too. It compares
     * every row of every table with a fold of the log (about 26 s over 1,000,000 events here), which the 10-minute
     * bound of the whole benchmark has no room for; the smoke mode runs it, and the row counts and baseline (d)'s
     * independently built tables check every full run.
     */
    record Settings(long events, long baselineEvents, long naiveEvents, int accounts, boolean consistencyCheck) {

        Settings {
            if (accounts < 2 || naiveEvents < 1 || naiveEvents > events || baselineEvents < 1) {
                throw new IllegalArgumentException("need 2+ accounts, 1 <= naiveEvents <= events and "
                        + "baselineEvents >= 1: " + this);
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
     * {@code tuned}: every projection in one pass over the log; {@code naive}: the same pass over the naive prefix,
     * one event per transaction (one commit per event for all three; the strictest naive figure, since Axon's
     * processors side by side would each commit once per event, three commits per event).
     */
    record Figures(Settings settings, long logEvents, double seedSeconds, Rebuilt tuned,
                   long baselineEvents, double baselineSeconds, Rebuilt naive, PeakMemory.Figures memory,
                   Checks checks) {

        double baselinePerSecond() {
            return baselineEvents / baselineSeconds;
        }

        double tunedPerSecond() {
            return tuned.perSecond();
        }

        double naivePerSecond() {
            return naive.perSecond();
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
                ledger.context().getBean(CommandGateway.class).sendAndWait(ActingOwner.asLedger(new PostTransfer(
                        new TransferId("after-rebuild"), new AccountId(RebuildLog.account(0)),
                        new AccountId(RebuildLog.account(1)), Money.of(1, "EUR"), null, Map.of())));
                consistent = settings.consistencyCheck()
                        ? new ConsistencyCheck(ledger.jdbc()).run().consistent() : null;
            }

            // Baseline (d) on a prefix of the log: its cost per event does not fall with the log's size (its tables
            // and indexes only grow), so the prefix measures it no slower than the whole log would, and the ratio
            // of the rebuild to it is, if anything, understated; the whole log took it 57-96 s on this machine kind.
            SetBasedRebuild baseline = new SetBasedRebuild(log.asSuperuser());
            baseline.prepare();
            long baselineStarted = System.nanoTime();
            SetBasedRebuild.Replayed baselineRead = baseline.run(settings.baselineEvents());
            double baselineSeconds = seconds(baselineStarted);
            boolean baselineEquals = baselineEqualsRebuild(superuser, baselineRead.throughIndex());

            Database prefix = databases.get();
            Rebuilt naive;
            try (ServiceInstance ledger = start(prefix, 1, true)) {
                RebuildLog.copyPrefix(superuser, new JdbcTemplate(prefix.asSuperuser()), settings.naiveEvents());
                naive = rebuildAll(ledger, 1);
            }
            return new Figures(settings, logEvents, seedSeconds, tuned, baselineRead.events(), baselineSeconds, naive,
                    memory.figures(), new Checks(rowCounts, consistent, baselineEquals));
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

    /**
     * The baseline built, from the log through {@code throughIndex}, the same entries and transfers as the
     * projections' own rebuild of the whole log, and each account's balance and version as of its last event in that
     * prefix: an entry's running balance does not depend on what comes after it.
     */
    private static boolean baselineEqualsRebuild(JdbcTemplate jdbc, long throughIndex) {
        Long differing = jdbc.queryForObject("""
                with prefix as (
                    select aggregateidentifier as account_id, sequencenumber as sequence, payloadtype as type
                      from event_store.domainevententry
                     where globalindex <= ? and aggregateidentifier in (select account_id from read_model.accounts)),
                expected_accounts as (
                    select last.account_id, coalesce(e.balance_after_minor, 0) as posted_minor,
                           last.sequence as last_sequence
                      from (select account_id, max(sequence) as sequence from prefix group by 1) last
                      left join read_model.account_entries e using (account_id, sequence))
                select (select count(*) from (
                          (select account_id, posted_minor, last_sequence from expected_accounts
                           except select account_id, posted_minor, last_sequence from bench_rebuild.accounts)
                          union all
                          (select account_id, posted_minor, last_sequence from bench_rebuild.accounts
                           except select account_id, posted_minor, last_sequence from expected_accounts)) a)
                     + (select count(*) from (
                          select account_id, sequence, transfer_id, counterparty_account_id, amount_minor,
                                 balance_after_minor, posted_at
                            from bench_rebuild.account_entries
                          except
                          select account_id, sequence, transfer_id, counterparty_account_id, amount_minor,
                                 balance_after_minor, posted_at
                            from read_model.account_entries) e)
                     + abs((select count(*) from bench_rebuild.account_entries)
                           - (select count(*) from prefix where type like '%.AccountDebited'
                                                             or type like '%.AccountCredited'))
                     + (select count(*) from (
                          select transfer_id, debit_account_id, credit_account_id, amount_minor, posted_at
                            from bench_rebuild.transfers
                          except
                          select transfer_id, debit_account_id, credit_account_id, amount_minor, posted_at
                            from read_model.transfers) t)
                     + abs((select count(*) from bench_rebuild.transfers)
                           - (select count(*) from prefix where type like '%.AccountDebited'))""",
                Long.class, throughIndex);
        return differing != null && differing == 0;
    }

    private static long count(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
