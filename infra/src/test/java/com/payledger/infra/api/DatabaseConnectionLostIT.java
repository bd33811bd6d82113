package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request whose database session is ended under it (a restart, a failover, an operator's
 * {@code pg_terminate_backend}) is an outage to retry, answered 503 with {@code Retry-After}: it was a 500
 * INTERNAL_ERROR, which tells a client the ledger is broken and not whether to retry.
 */
class DatabaseConnectionLostIT {

    @Test
    void givenATransferWhoseSessionIsEndedWhileItWaits_whenAnswered_then503AndItsRetryPostsItOnce() throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database);
             Connection blocker = DriverManager.getConnection(database, TestDatabase.superuser(),
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
                         where wait_event_type = 'Lock' and query like '%transfer_requests%'""");
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

    private static long waitingSessions(Connection operator) {
        try (Statement count = operator.createStatement();
             var row = count.executeQuery("""
                     select count(*) from pg_stat_activity
                      where wait_event_type = 'Lock' and query like '%transfer_requests%'""")) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException unexpected) {
            throw new IllegalStateException(unexpected);
        }
    }
}
