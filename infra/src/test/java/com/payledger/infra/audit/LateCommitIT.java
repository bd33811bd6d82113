package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.AuditLog;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An event whose transaction takes its global index first but commits after a newer event has been logged reaches
 * the log processor with the tracking token of that newer event. It must still become a leaf: the appender once took
 * the token's position for the event's index, saw "already logged" and skipped it for good (found by the
 * point-in-time benchmark, where two accounts opened at once did exactly this).
 */
class LateCommitIT {

    @Test
    void givenAnEventCommittingAfterANewerOneWasLogged_whenItCommits_thenItIsLoggedToo() throws Exception {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            AuditLog.awaitLogged(client, "bank");
            JdbcTemplate jdbc = ledger.jdbc();

            try (Connection late = DriverManager.getConnection(database, TestDatabase.superuser(),
                    TestDatabase.superuserPassword())) {
                late.setAutoCommit(false);
                long lateIndex = insertCopyOfFirstEvent(late);
                client.openAccount("alice", "EUR", "u-1", null);
                AuditLog.awaitLogged(client, "alice");
                long newer = jdbc.queryForObject("select max(global_index) from audit.merkle_leaves", Long.class);
                assertThat(newer).as("a newer event is logged while the late one is open").isGreaterThan(lateIndex);
                late.commit();

                Eventually.await(() -> jdbc.queryForObject(
                        "select count(*) from audit.merkle_leaves where global_index = ?", Long.class, lateIndex),
                        count -> count == 1, Duration.ofSeconds(20), "the late event to be logged");
            }
            assertThat(jdbc.queryForObject("select count(*) from audit.merkle_leaves", Long.class))
                    .isEqualTo(jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class));
            assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();
        }
    }

    /** A valid event of a stream of its own, inserted (index taken) but not committed; returns its global index. */
    private static long insertCopyOfFirstEvent(Connection connection) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into event_store.domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                    metadata, payload, payloadrevision, payloadtype, timestamp)
                select 'late-stream', 0, type, 'late-event', metadata, payload, payloadrevision, payloadtype,
                       timestamp
                  from event_store.domainevententry order by globalindex limit 1
                returning globalindex""");
             ResultSet row = insert.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
