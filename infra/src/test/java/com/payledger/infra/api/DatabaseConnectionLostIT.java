package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request whose database session is ended under it (a restart, a failover, an operator's
 * {@code pg_terminate_backend}) is an outage to retry, answered 503 with {@code Retry-After}: it was a 500
 * INTERNAL_ERROR, which tells a client the ledger is broken and not whether to retry. So is a database that refuses
 * connections, also to the lookup of the caller's key.
 */
class DatabaseConnectionLostIT {

    private static String database;
    private static ServiceInstance ledger;

    @BeforeAll
    static void start() {
        database = TestDatabase.newDatabase();
        // Every request looks its key up, and a connection not had within 2 s fails (Hikari's default waits 30 s).
        ledger = ServiceInstance.start(database, Map.of("payledger.security.key-cache-ttl", "PT0S",
                "spring.datasource.hikari.connection-timeout", "2000"));
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void givenATransferWhoseSessionIsEndedWhileItWaits_whenAnswered_then503AndItsRetryPostsItOnce() throws Exception {
        try (Connection blocker = DriverManager.getConnection(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword());
             Connection operator = DriverManager.getConnection(database, TestDatabase.superuser(),
                     TestDatabase.superuserPassword())) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            // The transfer's claim of its id waits on this uncommitted claim of the same id: a request held in flight.
            blocker.setAutoCommit(false);
            try (Statement claim = blocker.createStatement()) {
                claim.execute("""
                        insert into command_side.transfer_requests (transfer_id, debit_account_id, credit_account_id,
                            amount_minor, currency, metadata, posted_at)
                        values ('t-lost', 'bank', 'alice', 100, 'EUR', '{}'::jsonb, now())""");
            }
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
                    () -> client.transfer("t-lost", "bank", "alice", 100, "EUR"));
            Eventually.await(() -> waitingSessions(operator), count -> count == 1, Duration.ofSeconds(20),
                    "the transfer's claim to wait on the blocker");

            try (Statement end = operator.createStatement()) {
                end.execute("""
                        select pg_terminate_backend(pid) from pg_stat_activity
                         where wait_event_type = 'Lock' and query like '%transfer_requests%'
                           and datname = current_database()""");
            }
            Response lost = answer.get(30, TimeUnit.SECONDS);
            assertThat(lost.status()).isEqualTo(503);
            assertThat(lost.code()).isEqualTo("DATABASE_CONNECTION_LOST");
            assertThat(lost.raw().headers().firstValue("Retry-After")).hasValue("1");
            blocker.rollback();

            assertThat(client.transfer("t-lost", "bank", "alice", 100, "EUR").status()).isEqualTo(201);
            assertThat(client.transfer("t-lost", "bank", "alice", 100, "EUR").status()).isEqualTo(201);
            assertThat(client.postedBalance("alice")).isEqualTo(100);
            assertThat(client.postedBalance("bank")).isEqualTo(-100);
        }
    }

    /**
     * The database refusing connections: the key's lookup, in the security filter, fell outside the API's error
     * handling, and every request whose key had left the cache was a bare 500 without a request id.
     */
    @Test
    void givenTheDatabaseRefusesConnections_whenAKeyIsLookedUp_then503ServiceBusyUntilItIsBack() throws Exception {
        LedgerClient client = ledger.client();
        client.openAccount("carol", "EUR", "u-3", null);
        String name = database.substring(database.lastIndexOf('/') + 1).replaceFirst("[?].*", "");
        try (Connection operator = DriverManager.getConnection(TestDatabase.url(), TestDatabase.superuser(),
                TestDatabase.superuserPassword()); Statement sql = operator.createStatement()) {
            sql.execute("alter database \"" + name + "\" allow_connections false");
            try {
                sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + name + "'");
                Response refused = client.get("/api/v1/accounts/carol");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("SERVICE_BUSY");
                assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.raw().headers().firstValue("X-Request-Id")).isPresent();
            } finally {
                sql.execute("alter database \"" + name + "\" allow_connections true");
            }
        }
        Eventually.await(() -> client.get("/api/v1/accounts/carol").status(), status -> status == 200,
                Duration.ofSeconds(20), "the ledger to serve again");
    }

    private static long waitingSessions(Connection operator) {
        try (Statement count = operator.createStatement();
             var row = count.executeQuery("""
                     select count(*) from pg_stat_activity
                      where wait_event_type = 'Lock' and query like '%transfer_requests%'
                        and datname = current_database()""")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
