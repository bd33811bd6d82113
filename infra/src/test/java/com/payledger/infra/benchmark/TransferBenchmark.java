package com.payledger.infra.benchmark;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.Account;
import com.payledger.command.account.AccountId;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import com.payledger.infra.support.ServiceInstance;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The transfer benchmark's body, shared by {@link TransferThroughputBenchmark} (full size) and
 * {@link TransferBenchmarkSmokeIT} (tiny numbers). One run:
 * <ol>
 *   <li>seeds a database through the real command path, then copies it (PostgreSQL template) for the tuned and the
 *       naive service ({@link #NAIVE}), so both start from the same ledger with their tracking processors caught
 *       up; both start, and one unmeasured warm-up runs until the JIT compiler is quiet ({@link JitWarmUp});</li>
 *   <li>tuned service, the naive one idle, at each client count: JDBC baselines (a) to (d) and the
 *       service's random and hot transfers, balance reads and statement reads, closed-loop; heap peak over the
 *       transfer steps; at some client counts, right after the step, the stack's floors ({@link Floor});</li>
 *   <li>tuned service: the tracking processors' lag under open-loop random transfers at half the highest random
 *       transfer rate just measured ({@link ProjectionLag}); then, with no other load, whether a client reads its own
 *       write at once (the read models are subscribing);</li>
 *   <li>naive service: random and hot-account transfers at the naive client counts, each run right after the same
 *       run on the tuned service, and each followed by the wait for its service's audit log to catch up
 *       ({@link Logged}).</li>
 * </ol>
 */
final class TransferBenchmark {

    static final String OWNER = "bench";
    /** The tracking processor that does a transfer's work after its commit: the audit log's Merkle leaves. */
    static final String LOG_APPENDER = "audit-merkle-log";
    /** The processors that trail the event store; the read models are subscribing and never do. */
    static final List<String> TRACKING = List.of(LOG_APPENDER, "automation-recurring-payments");
    /** The production settings where ServiceInstance's test defaults differ (tests poll fast). */
    static final Map<String, String> TUNED = Map.of("payledger.deadlines.polling-interval", "PT1S",
            "payledger.checkpoints.interval", "PT1M");
    /**
     * Axon's defaults where the ledger is tuned: no aggregate cache and no snapshots (every command replays the
     * account's whole stream), one event per tracking-processor transaction, and Axon's per-handler timeout timers on.
     * The processor modes stay as they are: subscribing read models are a correctness choice (a client reads its own
     * write), not a tuning.
     */
    static final Map<String, String> NAIVE = Map.of("payledger.aggregate-cache.enabled", "false",
            "payledger.snapshots.threshold", "0",
            "axon.eventhandling.processors.audit-merkle-log.batch-size", "1",
            "axon.eventhandling.processors.automation-recurring-payments.batch-size", "1",
            "axon.timeout.enabled", "true");
    private static final int PACED_WORKERS = 64;
    private static final int WARM_UP_CLIENTS = 4;
    private static final int TOUCH_CLIENTS = 16;
    /** The length of one warm-up round ({@link JitWarmUp}). */
    private static final Duration WARM_UP_ROUND = Duration.ofSeconds(2);
    private static final Duration DRAIN_MAX = Duration.ofSeconds(30);
    private static final Duration CATCH_UP_MAX = Duration.ofMinutes(2);

    /**
     * What to run: {@code accounts} funded accounts; {@code step} per measurement; tuned steps at {@code clients},
     * naive ones at {@code naiveClients}; {@code lag} of paced load; {@code ownWrites} read-your-write probes;
     * {@code floorClients}: client counts at which to measure the stack's floors ({@link Floor}); {@code service}:
     * settings for both services on top of {@link #TUNED} or {@link #NAIVE}; {@code warmUpMax}: the longest the
     * warm-up may run ({@link JitWarmUp}; a third of it again before the naive comparison).
     */
    record Settings(int accounts, Duration step, int[] clients, int[] naiveClients, int[] floorClients, Duration lag,
                    int ownWrites, Map<String, String> service, Duration warmUpMax, Path output) {

        boolean floorAt(int clientCount) {
            return Arrays.stream(floorClients).anyMatch(floor -> floor == clientCount);
        }
    }

    /**
     * A PostgreSQL server on loopback where the benchmark may create databases, and the role to use them as: a
     * database's URL is {@code urlPrefix + name + urlSuffix}.
     */
    record Server(String urlPrefix, String urlSuffix, String user, String password) {

        /** The server of {@code url}, a JDBC URL of any database on it (options after {@code ?} are kept). */
        static Server of(String url, String user, String password) {
            int query = url.indexOf('?');
            String path = query < 0 ? url : url.substring(0, query);
            return new Server(path.substring(0, path.lastIndexOf('/') + 1), query < 0 ? "" : url.substring(query),
                    user, password);
        }

        /** A new database named {@code prefix} plus a random suffix, a copy of {@code template} unless null. */
        String create(String prefix, String template) throws InterruptedException {
            String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            createDatabase(name, template);
            return name;
        }

        String url(String database) {
            return urlPrefix + database + urlSuffix;
        }

        private void createDatabase(String name, String template) throws InterruptedException {
            JdbcTemplate admin = new JdbcTemplate(new DriverManagerDataSource(url("postgres"), user, password));
            String sql = "create database " + name + (template == null ? "" : " template " + template);
            // The seeding service's connections may still be closing: a template must have no sessions.
            for (int attempt = 1; ; attempt++) {
                try {
                    admin.execute(sql);
                    return;
                } catch (DataAccessException busy) {
                    if (attempt == 50) {
                        throw busy;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * One client count on the tuned service: baselines (a) to (d) and what the service did against them, and the
     * heap over its transfer runs.
     */
    record Step(int clients, Load.Result insertRow, Load.Result commandShape, Load.Result random, Load.Result hot,
                Load.Result pointSelect, Load.Result balances, Load.Result keysetPage, Load.Result statements,
                Heap transfersHeap) {
    }

    /**
     * At one client count, right after the step at that count, what the stack costs with none of the ledger's work:
     * {@code tomcat}, Tomcat alone answering a constant ({@link BareTomcat}); then through the tuned service's whole
     * stack ({@link StackFloor}): {@code constant}, the same answer; {@code pointSelect}, baseline (c) in the handler;
     * {@code commandShape}, baseline (b) in the handler of a transfer-shaped POST. No ledger handler can beat the
     * floor of what it does.
     */
    record Floor(int clients, Load.Result tomcat, Load.Result constant, Load.Result pointSelect,
                 Load.Result commandShape) {
    }

    /** Heap peaks in bytes (see {@link HeapPeak}) and the JVM's maximum heap. */
    record Heap(long peak, long peakAfterGc, long max) {

        static Heap of(HeapPeak heap) {
            return new Heap(heap.peakBytes(), heap.peakAfterGcBytes(), heap.maxBytes());
        }

        Heap and(Heap other) {
            return new Heap(Math.max(peak, other.peak), Math.max(peakAfterGc, other.peakAfterGc), max);
        }
    }

    /** The tuned service's figures. */
    record Tuned(JitWarmUp.Done warmUp, List<Step> steps, List<Floor> floors, Heap transfersHeap, double pacedRate,
                 ProjectionLag.Measured lag, long ownWritesRead, long ownWritesProbed, Map<String, String> processors) {
    }

    /**
     * One closed-loop run, then the time the service's audit log appender ({@link #LOG_APPENDER}) took to handle every
     * event the run appended. The run's own rate leaves out that work, which the service did after the clock stopped,
     * on the same cores as the next run; {@link #sustainedPerSecond} counts it.
     */
    record Logged(Load.Result load, Duration catchUp) {

        /** The run's operations over its time plus the catch-up: a rate the audit log keeps up with. */
        double sustainedPerSecond() {
            return load.operations() / (load.seconds() + catchUp.toNanos() / 1e9);
        }
    }

    /**
     * At one client count, random and hot-account transfers on the tuned and the naive service, run alternately
     * (tuned random, naive random, tuned hot, naive hot) so that both meet the same machine, each run followed by its
     * service's audit log catching up.
     */
    record Comparison(int clients, Logged tunedRandom, Logged naiveRandom, Logged tunedHot, Logged naiveHot) {

        double randomTunedOverNaive() {
            return tunedRandom.load().perSecond() / naiveRandom.load().perSecond();
        }

        double hotTunedOverNaive() {
            return tunedHot.load().perSecond() / naiveHot.load().perSecond();
        }

        double sustainedRandomTunedOverNaive() {
            return tunedRandom.sustainedPerSecond() / naiveRandom.sustainedPerSecond();
        }

        double sustainedHotTunedOverNaive() {
            return tunedHot.sustainedPerSecond() / naiveHot.sustainedPerSecond();
        }
    }

    /**
     * The naive service against the tuned one, one comparison per naive client count; the naive service's processors
     * and the class of its aggregate cache, to show the settings took.
     */
    record Naive(JitWarmUp.Done warmUp, List<Comparison> comparisons, Map<String, String> processors,
                 String aggregateCache) {
    }

    record Figures(Settings settings, Tuned tuned, Naive naive) {
    }

    private TransferBenchmark() {
    }

    static Figures run(Server server, Settings settings) throws Exception {
        String seeded = seededDatabase(server, settings);
        String tunedDatabase = server.create("bench_tuned", seeded);
        String naiveDatabase = server.create("bench_naive", seeded);
        Map<String, String> naiveSettings = new LinkedHashMap<>(TUNED);
        naiveSettings.putAll(NAIVE);
        // Both services start first, so that one warm-up until the JIT compiler is quiet serves both: started after
        // the tuned steps, the naive service's classes sent the tuned one's compiled code back to the compiler for
        // another half minute. It stays idle through the tuned steps (its deadline scheduler polls every second).
        try (HeapPeak heap = new HeapPeak();
             ServiceInstance tunedLedger = start(server, tunedDatabase, withFloor(settings), settings);
             HikariDataSource pool = pool(server, tunedDatabase, settings);
             LedgerHttp tunedHttp = http(tunedLedger, settings.accounts());
             ServiceInstance naiveLedger = start(server, naiveDatabase, naiveSettings, settings);
             LedgerHttp naiveHttp = http(naiveLedger, settings.accounts())) {
            Service naiveService = Service.of(naiveLedger, naiveHttp);
            Tuned tuned = tuned(tunedLedger, tunedHttp, naiveService, new JdbcTemplate(pool), settings, heap);
            Service tunedService = Service.of(tunedLedger, tunedHttp);
            // Again, shorter: the naive service's own path had had one client of five in the warm-up, and its first
            // measured run still found the compiler at work (19% of that run's time).
            JitWarmUp.Done warmUp = JitWarmUp.untilQuiet(warmUpRound(settings), settings.warmUpMax().dividedBy(3),
                    round -> Load.run(WARM_UP_CLIENTS, round, client -> client % 2 == 0
                            ? naiveHttp.transfer(false) : tunedHttp.transfer(false)));
            naiveService.awaitCaughtUp();
            tunedService.awaitCaughtUp();
            List<Comparison> comparisons = new ArrayList<>();
            for (int clients : settings.naiveClients()) {
                comparisons.add(compare(clients, settings.step(), tunedService, naiveService));
            }
            return new Figures(settings, tuned, new Naive(warmUp, comparisons, processors(naiveLedger),
                    naiveLedger.context().getBean(Account.CACHE).getClass().getSimpleName()));
        }
    }

    /** Seeds a database with the production settings and returns its name once its tracking processors caught up. */
    private static String seededDatabase(Server server, Settings settings) throws Exception {
        String database = server.create("bench_seed", null);
        try (ServiceInstance ledger = start(server, database, TUNED, settings)) {
            seed(ledger.context().getBean(CommandGateway.class), settings.accounts());
            if (!new ProjectionLag(ledger.jdbc(), TRACKING).awaitCaughtUp(Duration.ofMinutes(2))) {
                throw new IllegalStateException("the tracking processors did not catch up with the seeding");
            }
        }
        return database;
    }

    private static Tuned tuned(ServiceInstance ledger, LedgerHttp http, Service naive, JdbcTemplate jdbc,
                               Settings settings, HeapPeak heap) throws Exception {
        Baselines baselines = new Baselines(jdbc, settings.accounts());
        baselines.prepare();
        touchEveryAccount(http, settings.accounts());
        JitWarmUp.Done warmUp = JitWarmUp.untilQuiet(warmUpRound(settings), settings.warmUpMax(),
                round -> warmUp(round, baselines, http, naive.http()));
        naive.awaitCaughtUp();
        List<Step> steps = new ArrayList<>();
        List<Floor> floors = new ArrayList<>();
        Heap transfersHeap = new Heap(0, 0, heap.maxBytes());
        try (BareTomcat tomcat = new BareTomcat()) {
            if (settings.floorClients().length > 0) {
                warmUpFloors(settings.step(), tomcat, http);
            }
            for (int clients : settings.clients()) {
                Step step = step(clients, settings.step(), baselines, http, heap);
                transfersHeap = transfersHeap.and(step.transfersHeap());
                steps.add(step);
                if (settings.floorAt(clients)) {
                    floors.add(floor(clients, settings.step(), tomcat, http));
                }
            }
        }
        double rate = steps.stream().mapToDouble(step -> step.random().perSecond()).max().orElseThrow() / 2;
        ProjectionLag lag = new ProjectionLag(jdbc, TRACKING);
        lag.awaitCaughtUp(DRAIN_MAX);
        ProjectionLag.Measured measured = lag.measure(() -> Load.paced(rate, settings.lag(), PACED_WORKERS,
                client -> http.transfer(false)), DRAIN_MAX);
        lag.awaitCaughtUp(DRAIN_MAX);
        long ownWritesRead = 0;
        for (int probe = 0; probe < settings.ownWrites(); probe++) {
            ownWritesRead += http.readsOwnWrite() ? 1 : 0;
        }
        return new Tuned(warmUp, steps, floors, transfersHeap, rate, measured, ownWritesRead, settings.ownWrites(),
                processors(ledger));
    }

    /**
     * One round of every operation the steps run, not measured, so the first step does not pay for the JIT compiler
     * and the empty pools ({@link JitWarmUp} repeats it until the compiler goes quiet), and of the naive service's
     * random transfers. Not its hot-account ones: without a cache or snapshots, each would lengthen the stream its
     * measured hot runs replay.
     */
    private static void warmUp(Duration time, Baselines baselines, LedgerHttp http, LedgerHttp naive)
            throws Exception {
        Load.run(WARM_UP_CLIENTS + 1, time, client -> switch (client) {
            case 0 -> http.transfer(false) && http.transfer(true);
            case 1 -> http.balance() && http.statement();
            case 2 -> baselines.insertOneRow() && baselines.commandShape(client);
            case 3 -> baselines.pointSelect() && baselines.keysetPage(LedgerHttp.STATEMENT_PAGE);
            default -> naive.transfer(false);
        });
    }

    /** One step's time of every floor's request, unmeasured: their handlers are new to the JIT compiler. */
    private static void warmUpFloors(Duration time, BareTomcat tomcat, LedgerHttp http) throws Exception {
        Load.run(WARM_UP_CLIENTS, time, client -> switch (client) {
            case 0 -> tomcat.get();
            case 1 -> http.floorRead("constant");
            case 2 -> http.floorRead("point-select");
            default -> http.floorCommandShape(client);
        });
    }

    private static Floor floor(int clients, Duration each, BareTomcat tomcat, LedgerHttp http) throws Exception {
        Load.Result bare = Load.run(clients, each, client -> tomcat.get());
        Load.Result constant = Load.run(clients, each, client -> http.floorRead("constant"));
        Load.Result pointSelect = Load.run(clients, each, client -> http.floorRead("point-select"));
        Load.Result commandShape = Load.run(clients, each, http::floorCommandShape);
        return new Floor(clients, bare, constant, pointSelect, commandShape);
    }

    /**
     * One transfer from every account to the next, unmeasured, from {@link #TOUCH_CLIENTS} clients: the aggregate cache
     * then holds every account, as it does in the steady state of a random mix (it has room for 10,000). Without it
     * the first steps loaded most accounts from the event store, and read 10-25% lower than the same runs later.
     */
    private static void touchEveryAccount(LedgerHttp http, int accounts) throws Exception {
        Load.each(TOUCH_CLIENTS, accounts, account -> http.transfer(account, (account + 1) % accounts));
    }

    private static Step step(int clients, Duration each, Baselines baselines, LedgerHttp http, HeapPeak heap)
            throws Exception {
        Load.Result insertRow = Load.run(clients, each, client -> baselines.insertOneRow());
        Load.Result commandShape = Load.run(clients, each, baselines::commandShape);
        heap.reset();
        Load.Result random = Load.run(clients, each, client -> http.transfer(false));
        Load.Result hot = Load.run(clients, each, client -> http.transfer(true));
        Heap transfers = Heap.of(heap);
        Load.Result pointSelect = Load.run(clients, each, client -> baselines.pointSelect());
        Load.Result balances = Load.run(clients, each, client -> http.balance());
        Load.Result keysetPage = Load.run(clients, each, client -> baselines.keysetPage(LedgerHttp.STATEMENT_PAGE));
        Load.Result statements = Load.run(clients, each, client -> http.statement());
        return new Step(clients, insertRow, commandShape, random, hot, pointSelect, balances, keysetPage,
                statements, transfers);
    }

    private static Comparison compare(int clients, Duration each, Service tuned, Service naive) throws Exception {
        Logged tunedRandom = tuned.logged(clients, each, false);
        Logged naiveRandom = naive.logged(clients, each, false);
        Logged tunedHot = tuned.logged(clients, each, true);
        Logged naiveHot = naive.logged(clients, each, true);
        return new Comparison(clients, tunedRandom, naiveRandom, tunedHot, naiveHot);
    }

    /**
     * A service in the naive comparison: its client, its audit log appender's progress, and all its tracking
     * processors' progress.
     */
    private record Service(LedgerHttp http, ProjectionLag log, ProjectionLag tracking) {

        static Service of(ServiceInstance ledger, LedgerHttp http) {
            return new Service(http, new ProjectionLag(ledger.jdbc(), List.of(LOG_APPENDER)),
                    new ProjectionLag(ledger.jdbc(), TRACKING));
        }

        /** Waits until every tracking processor handled every event of a warm-up, so that none is busy after it. */
        void awaitCaughtUp() throws InterruptedException {
            if (!tracking.awaitCaughtUp(CATCH_UP_MAX)) {
                throw new IllegalStateException("the tracking processors " + TRACKING + " did not catch up with a "
                        + "warm-up within " + CATCH_UP_MAX);
            }
        }

        /** Transfers for {@code each} from {@code clients} clients, then the wait for the audit log to catch up. */
        Logged logged(int clients, Duration each, boolean hot) throws Exception {
            Load.Result load = Load.run(clients, each, client -> http.transfer(hot));
            long stopped = System.nanoTime();
            if (!log.awaitCaughtUp(CATCH_UP_MAX)) {
                throw new IllegalStateException(LOG_APPENDER + " did not catch up within " + CATCH_UP_MAX);
            }
            return new Logged(load, Duration.ofNanos(System.nanoTime() - stopped));
        }
    }

    /** {@link #WARM_UP_ROUND}, or a step when steps are shorter (the smoke test's). */
    private static Duration warmUpRound(Settings settings) {
        return settings.step().compareTo(WARM_UP_ROUND) < 0 ? settings.step() : WARM_UP_ROUND;
    }

    /** The tuned settings, and {@link StackFloor} mounted in the service. */
    private static Map<String, String> withFloor(Settings settings) {
        Map<String, String> tuned = new LinkedHashMap<>(TUNED);
        tuned.put(StackFloor.ACCOUNTS, String.valueOf(settings.accounts()));
        return tuned;
    }

    private static ServiceInstance start(Server server, String database, Map<String, String> base,
                                         Settings settings) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.putAll(settings.service());
        return ServiceInstance.start(server.url(database), server.user(), server.password(), all);
    }

    private static LedgerHttp http(ServiceInstance ledger, int accounts) {
        String base = "http://localhost:" + ((WebServerApplicationContext) ledger.context()).getWebServer()
                .getPort();
        // A key of its own, never one cached for an earlier service that had the same port.
        return new LedgerHttp(base, ledger.client().issueKey("CLIENT", OWNER), accounts);
    }

    /** Each event processor's kind, by name: subscribing ones commit in the command's transaction. */
    private static Map<String, String> processors(ServiceInstance ledger) {
        Map<String, String> kinds = new TreeMap<>();
        ledger.context().getBean(EventProcessingConfiguration.class).eventProcessors()
                .forEach((name, processor) -> kinds.put(name, processor.getClass().getSimpleName()));
        return kinds;
    }

    /** {@code accounts} accounts, each funded from an EXTERNAL account, through the real command path. */
    private static void seed(CommandGateway commands, int accounts) throws Exception {
        Currency eur = Currency.getInstance("EUR");
        commands.sendAndWait(ActingOwner.asLedger(new OpenAccount(new AccountId("bank"), "treasury", eur,
                AccountType.EXTERNAL, 0, null, Map.of())));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> opened = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            String id = "a" + i;
            opened.add(threads.submit(() -> {
                commands.sendAndWait(ActingOwner.asLedger(new OpenAccount(new AccountId(id), OWNER, eur,
                        AccountType.STANDARD, 0, null, Map.of())));
                return commands.sendAndWait(ActingOwner.asLedger(new PostTransfer(new TransferId("fund-" + id),
                        new AccountId("bank"), new AccountId(id), Money.of(1_000_000_000, "EUR"), null, Map.of())));
            }));
        }
        for (Future<?> account : opened) {
            account.get();
        }
        threads.shutdown();
    }

    /** The baselines' own pool on the tuned database, as large as the most clients. */
    private static HikariDataSource pool(Server server, String database, Settings settings) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(server.url(database));
        pool.setUsername(server.user());
        pool.setPassword(server.password());
        pool.setMaximumPoolSize(Arrays.stream(settings.clients()).max().orElse(1) + 8);
        return pool;
    }
}
