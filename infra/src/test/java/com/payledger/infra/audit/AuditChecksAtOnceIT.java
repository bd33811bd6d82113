package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An auditor's checks read the whole ledger, each holding a pooled connection for as long: a few at once are answered,
 * more are told the service is busy instead of taking the connections the writers need.
 */
class AuditChecksAtOnceIT extends LedgerHttpTest {

    @Test
    void givenTwoChecksRunning_whenMoreAreAsked_thenServiceBusyAtOnceAndTheTwoAnswer() throws Exception {
        CompletableFuture<Response> first;
        CompletableFuture<Response> second;
        try (Connection swap = DriverManager.getConnection(TestDatabase.url(), TestDatabase.superuser(),
                TestDatabase.superuserPassword())) {
            swap.setAutoCommit(false);
            try (Statement statement = swap.createStatement()) {
                // What a rebuild's swap holds: two checks wait for it, and go on running meanwhile.
                statement.execute("select pg_advisory_xact_lock(hashtext('payledger: read model swap'))");
            }
            first = CompletableFuture.supplyAsync(() -> client.get("/api/v1/audit/consistency"));
            second = CompletableFuture.supplyAsync(() -> client.get("/api/v1/audit/consistency"));
            Eventually.await(() -> jdbc.queryForObject("""
                    select count(*) from pg_locks where locktype = 'advisory' and not granted and mode = 'ShareLock'
                       and (classid::bigint << 32 | objid::bigint) = hashtext('payledger: read model swap')::bigint""",
                    Long.class), waiting -> waiting == 2, Duration.ofSeconds(30), "two checks running");

            for (String check : new String[] {"/api/v1/audit/consistency", "/api/v1/audit/verification"}) {
                Response third = client.get(check);
                assertThat(third.status()).as(check + " " + third.raw().body()).isEqualTo(503);
                assertThat(third.code()).isEqualTo("SERVICE_BUSY");
                assertThat(third.raw().headers().firstValue("Retry-After")).isPresent();
            }
            swap.rollback();
        }
        assertThat(first.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(second.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(client.get("/api/v1/audit/verification").status()).as("a check once one ended").isEqualTo(200);
    }
}
