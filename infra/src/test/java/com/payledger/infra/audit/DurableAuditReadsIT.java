package com.payledger.infra.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The log appender commits without waiting for its write-ahead log to reach disk, so a crash of PostgreSQL can take
 * its last batches back and the appender may then give their events other positions. That is only safe if no answer
 * ever shows a leaf before it is on disk: each endpoint that shows positions, hashes, sizes or checkpoints must answer
 * only once the write-ahead log is flushed past what it read.
 *
 * <p>The test server commits asynchronously, and the WAL writer is told to wait 10 s between flushes, so nothing but
 * the service's own fence flushes the log while a request runs.
 */
class DurableAuditReadsIT {

    private record Read(String what, int status, Function<LedgerClient, LongFunction<LedgerClient.Response>> call) {

        static Read get(String what, int status, LongFunction<String> path) {
            return new Read(what, status, client -> size -> client.get(path.apply(size)));
        }
    }

    private static final List<Read> READS = List.of(
            Read.get("the trail", 200, size -> "/api/v1/audit/events?limit=500"),
            Read.get("an account's stream", 200, size -> "/api/v1/audit/accounts/alice/events"),
            Read.get("a balance as of now", 200, size -> "/api/v1/accounts/alice/balance"),
            Read.get("an inclusion proof", 200, size -> "/api/v1/audit/proofs/inclusion?position=" + (size - 1)
                    + "&treeSize=" + size),
            Read.get("a consistency proof", 200, size -> "/api/v1/audit/proofs/consistency?from=1&to=" + size),
            Read.get("a refused proof, which names the log's size", 400,
                    size -> "/api/v1/audit/proofs/consistency?from=1&to=" + (size + 1)),
            Read.get("the verification", 200, size -> "/api/v1/audit/verification"),
            Read.get("the latest checkpoint", 200, size -> "/api/v1/audit/checkpoints/latest"),
            Read.get("the recent checkpoints", 200, size -> "/api/v1/audit/checkpoints"),
            Read.get("the export", 200, size -> "/api/v1/audit/export"),
            new Read("a repair with nothing to append, which names the log's size", 200,
                    client -> size -> client.post("/api/v1/admin/audit-log/repair")));

    @Test
    void givenTheLogsLastBatchIsNotOnDisk_whenAnAuditorReadsTheLog_thenTheAnswerComesOnlyOnceItIs() throws Exception {
        String database = TestDatabase.newDatabase();
        JdbcTemplate superuser = new JdbcTemplate(new DriverManagerDataSource(database, TestDatabase.superuser(),
                TestDatabase.superuserPassword()));
        superuser.execute("alter system set wal_writer_delay = '10s'");
        superuser.execute("select pg_reload_conf()");
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
            client.openAccount("alice", "EUR", "u-1", null);
            awaitACheckpoint(superuser);
            int transfer = 0;
            for (Read read : READS) {
                assertThat(client.transfer("t-" + transfer++, "bank", "alice", 100, "EUR").status()).isEqualTo(201);
                long size = awaitEverythingLogged(superuser);
                String notYetOnDisk = superuser.queryForObject("select pg_current_wal_insert_lsn()::text",
                        String.class);
                assertThat(flushedPast(superuser, notYetOnDisk)).as("before reading %s, the log's last batch is "
                        + "not on disk (else this test shows nothing)", read.what()).isFalse();

                assertThat(read.call().apply(client).apply(size).status()).as(read.what()).isEqualTo(read.status());

                assertThat(flushedPast(superuser, notYetOnDisk)).as("on disk when %s is answered", read.what())
                        .isTrue();
            }
        } finally {
            superuser.execute("alter system reset wal_writer_delay");
            superuser.execute("select pg_reload_conf()");
        }
    }

    /** Waits, reading the tables directly (no fence), until every stored event is a leaf; returns the log's size. */
    private static long awaitEverythingLogged(JdbcTemplate jdbc) {
        return Eventually.await(() -> jdbc.queryForObject("""
                        select case when (select count(*) from audit.merkle_leaves)
                                       = (select count(*) from event_store.domainevententry)
                                    then (select count(*) from audit.merkle_leaves) end""", Long.class),
                size -> size != null, Duration.ofSeconds(20), "every event to be logged");
    }

    /** Waits, reading the table directly (no fence), until a checkpoint is signed. */
    private static void awaitACheckpoint(JdbcTemplate jdbc) {
        Eventually.await(() -> jdbc.queryForObject("select count(*) from audit.checkpoints", Long.class),
                count -> count > 0, Duration.ofSeconds(20), "a signed checkpoint");
    }

    private static boolean flushedPast(JdbcTemplate jdbc, String lsn) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_current_wal_flush_lsn() >= ?::pg_lsn",
                Boolean.class, lsn));
    }
}
