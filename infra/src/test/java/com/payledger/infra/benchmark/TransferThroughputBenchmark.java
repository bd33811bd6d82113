package com.payledger.infra.benchmark;

import com.payledger.command.account.AccountId;
import com.payledger.command.account.OpenAccount;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import com.payledger.infra.support.ServiceInstance;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transfers and balance reads through HTTP at 1, 4, 16 and 32 clients, each against a baseline measured in the same
 * run with plain JDBC on the same PostgreSQL, all with durable commits: (a) one transaction inserting one
 * event-sized row; (b) the event-sourced command shape (read an aggregate's recent rows, insert the next, commit);
 * (c) an indexed point select. Part of {@code ./mvnw -B verify -Pbenchmark}; writes
 * {@code target/benchmark/transfers.json}.
 */
class TransferThroughputBenchmark {

    static final int ACCOUNTS = Integer.getInteger("benchmark.accounts", 2_000);
    private static final String OWNER = "bench";
    static final Duration EACH = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 5));
    static final int[] CLIENTS = {1, 4, 16, 32};

    @Test
    void transfersAndReadsAgainstTheSameRunBaseline() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "300").start();
             // The production intervals, not the tests' fast polling.
             ServiceInstance ledger = ServiceInstance.start(postgres.getJdbcUrl("postgres", "postgres"), "postgres",
                     "", "PT1S", "PT1M");
             HikariDataSource baselinePool = pool(postgres)) {
            seed(ledger.context().getBean(CommandGateway.class));
            JdbcTemplate baseline = new JdbcTemplate(baselinePool);
            Baselines baselines = new Baselines(baseline);
            baselines.prepare();
            String base = "http://localhost:" + ((WebServerApplicationContext) ledger.context()).getWebServer()
                    .getPort();
            HttpClient http = HttpClient.newHttpClient();
            // One owner's back end moves money among its accounts, as a real API client with a real key.
            String key = ledger.client().clientKey(OWNER);
            AtomicLong ids = new AtomicLong();
            List<String> lines = new ArrayList<>();
            StringBuilder json = new StringBuilder("{\"accounts\":" + ACCOUNTS + ",\"runs\":[");
            for (int clients : CLIENTS) {
                Load.Result insertRow = Load.run(clients, EACH, client -> baselines.insertOneRow());
                Load.Result commandShape = Load.run(clients, EACH, baselines::commandShape);
                Load.Result random = Load.run(clients, EACH, client -> transfer(http, base, key, ids, false));
                Load.Result hot = Load.run(clients, EACH, client -> transfer(http, base, key, ids, true));
                Load.Result pointSelect = Load.run(clients, EACH, client -> baselines.pointSelect());
                Load.Result reads = Load.run(clients, EACH, client -> read(http, base, key));
                lines.add(row("baseline (a) insert one row", insertRow, null));
                lines.add(row("baseline (b) command shape", commandShape, null));
                lines.add(row("transfers, random accounts", random, commandShape));
                lines.add(row("transfers, one hot account", hot, commandShape));
                lines.add(row("baseline (c) point select", pointSelect, null));
                lines.add(row("balance reads", reads, pointSelect));
                json.append(String.format("{\"clients\":%d,\"a\":%s,\"b\":%s,\"random\":%s,\"hot\":%s,\"c\":%s,"
                        + "\"reads\":%s},", clients, json(insertRow), json(commandShape), json(random), json(hot),
                        json(pointSelect), json(reads)));
            }
            json.setLength(json.length() - 1);
            json.append("]}\n");
            System.out.println(String.format("%-30s %7s %9s %8s %8s %8s %10s", "durable commits, "
                    + ACCOUNTS + " accounts", "clients", "ops/s", "p50 ms", "p95 ms", "p99 ms", "ratio"));
            lines.forEach(System.out::println);
            Path out = Path.of("target", "benchmark", "transfers.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, json);
        }
    }

    private static boolean transfer(HttpClient http, String base, String key, AtomicLong ids, boolean hot)
            throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int debit = hot ? 0 : random.nextInt(ACCOUNTS);
        int credit = (debit + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        String body = "{\"id\":\"b" + ids.incrementAndGet() + "\",\"debitAccountId\":\"a" + debit
                + "\",\"creditAccountId\":\"a" + credit + "\",\"amount\":1,\"currency\":\"EUR\"}";
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/transfers"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 201;
    }

    private static boolean read(HttpClient http, String base, String key) throws Exception {
        String id = "a" + ThreadLocalRandom.current().nextInt(ACCOUNTS);
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/accounts/" + id))
                        .header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    /** {@value #ACCOUNTS} accounts, each funded from an EXTERNAL account, through the real command path. */
    private static void seed(CommandGateway commands) throws Exception {
        Currency eur = Currency.getInstance("EUR");
        commands.sendAndWait(new OpenAccount(new AccountId("bank"), "treasury", eur, AccountType.EXTERNAL, 0, null,
                Map.of()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = "a" + i;
            accounts.add(threads.submit(() -> {
                commands.sendAndWait(new OpenAccount(new AccountId(id), OWNER, eur, AccountType.STANDARD, 0,
                        null, Map.of()));
                return commands.sendAndWait(new PostTransfer(new TransferId("fund-" + id), new AccountId("bank"),
                        new AccountId(id), Money.of(1_000_000_000, "EUR"), null, Map.of()));
            }));
        }
        for (Future<?> account : accounts) {
            account.get();
        }
        threads.shutdown();
    }

    private static HikariDataSource pool(EmbeddedPostgres postgres) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setUsername("postgres");
        pool.setMaximumPoolSize(40);
        return pool;
    }

    private static String row(String what, Load.Result result, Load.Result baseline) {
        String ratio = baseline == null ? "" : String.format("%.2fx", result.perSecond() / baseline.perSecond());
        return String.format("%-30s %7d %9.0f %8.2f %8.2f %8.2f %10s", what, result.clients(), result.perSecond(),
                result.millis(50), result.millis(95), result.millis(99), ratio)
                + (result.failures() > 0 ? "  (" + result.failures() + " failed)" : "");
    }

    private static String json(Load.Result result) {
        return String.format("{\"opsPerSecond\":%.1f,\"p50\":%.3f,\"p95\":%.3f,\"p99\":%.3f,\"failures\":%d}",
                result.perSecond(), result.millis(50), result.millis(95), result.millis(99), result.failures());
    }

}
