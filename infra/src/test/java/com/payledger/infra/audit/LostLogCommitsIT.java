package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The log appender commits without waiting for the flush, so a crash of PostgreSQL can take back its last batches,
 * and their token, while the service keeps running. This test does to the database what such a crash does: it puts
 * the appender's tables and token back to an earlier state, with no crash and no failed connection, the case where
 * the appender, idle at the time, found nothing wrong. Every event of the lost batches must still be logged, once.
 * {@code PostgresCrashIT} does it with a real crash, where whether the appender was idle is down to timing.
 */
class LostLogCommitsIT {

    private static final String APPENDER = "audit-merkle-log";

    @Test
    void givenTheAppendersLastBatchesLostWhileTheServiceRuns_whenTheNextEventComes_thenTheLostEventsAreLoggedAgain() {
        String database = TestDatabase.newDatabase();
        JdbcTemplate superuser = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword()));
        // No checkpoint is signed over the leaves taken back: a real crash could not lose leaves below one.
        try (ServiceInstance ledger = ServiceInstance.start(database, Map.of("payledger.checkpoints.interval",
                "PT1H"))) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            assertThat(client.transfer("t-0", "bank", "alice", 100, "EUR").status()).isEqualTo(201);
            awaitEverythingLogged(superuser);
            long durable = leaves(superuser);
            byte[] durableToken = superuser.queryForObject("select token from event_store.tokenentry "
                    + "where processorname = ?", byte[].class, APPENDER);

            for (int i = 1; i <= 3; i++) {
                assertThat(client.transfer("t-" + i, "bank", "alice", 100 + i, "EUR").status()).isEqualTo(201);
            }
            awaitEverythingLogged(superuser);
            takeBackEverythingAfter(superuser, durable, durableToken);
            assertThat(leaves(superuser)).as("the leaves left after the crash").isEqualTo(durable)
                    .isLessThan(events(superuser));

            assertThat(client.transfer("t-after", "alice", "bank", 50, "EUR").status()).isEqualTo(201);
            awaitEverythingLogged(superuser);
            assertThat(superuser.queryForObject("select count(distinct global_index) from audit.merkle_leaves",
                    Long.class)).as("each event logged once").isEqualTo(events(superuser));
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();
        }
    }

    /** What PostgreSQL's recovery leaves of commits that did not wait for their flush: the state before them. */
    private static void takeBackEverythingAfter(JdbcTemplate superuser, long size, byte[] token) {
        superuser.update("""
                delete from audit.balance_checkpoints c using audit.merkle_leaves l
                 where l.leaf_index >= ? and c.account_id = l.aggregate_identifier
                   and c.sequence_number = l.sequence_number""", size);
        superuser.update("delete from audit.merkle_nodes where (node_index + 1) * (1::bigint << level) > ?", size);
        superuser.update("delete from audit.merkle_leaves where leaf_index >= ?", size);
        superuser.update("delete from audit.checkpoints where tree_size > ?", size);
        assertThat(superuser.update("update event_store.tokenentry set token = ? where processorname = ?", token,
                APPENDER)).isOne();
    }

    private static void awaitEverythingLogged(JdbcTemplate superuser) {
        Eventually.await(() -> leaves(superuser) + " leaves, " + events(superuser) + " events",
                state -> leaves(superuser) == events(superuser), Duration.ofSeconds(30), "every event logged");
    }

    private static long leaves(JdbcTemplate superuser) {
        return superuser.queryForObject("select count(*) from audit.merkle_leaves", Long.class);
    }

    private static long events(JdbcTemplate superuser) {
        return superuser.queryForObject("select count(*) from event_store.domainevententry", Long.class);
    }
}
