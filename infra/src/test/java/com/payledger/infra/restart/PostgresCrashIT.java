package com.payledger.infra.restart;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.ServiceInstance;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL crashes (one of its processes is killed, so it restarts and replays its write-ahead log) while transfers
 * are posted and an auditor reads the log. Every acknowledged transfer must survive, the log must take in every
 * event again, and every position the auditor was shown must still hold the same event: the log appender does not
 * wait for its commits' flush, so this is what the durability check on every answer about the log is for.
 *
 * <p>It runs a PostgreSQL of its own with durable commits, as the service's embedded one does; the suite's shared
 * server commits asynchronously and must not crash under the other tests.
 */
class PostgresCrashIT {

    private static final Duration LOAD = Duration.ofSeconds(3);

    @Test
    void givenTransfersAndAnAuditor_whenPostgresCrashes_thenAcknowledgedTransfersAndShownPositionsSurvive()
            throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").start()) {
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            JdbcTemplate superuser = new JdbcTemplate(new DriverManagerDataSource(url, "postgres", ""));
            try (ServiceInstance ledger = ServiceInstance.start(url, "postgres", "", Map.of())) {
                LedgerClient client = ledger.client();
                client.openAccount("bank", "EUR", "treasury", "EXTERNAL");
                for (int i = 0; i < 4; i++) {
                    client.openAccount("a" + i, "EUR", "u-1", null);
                }
                List<String> acknowledged = new CopyOnWriteArrayList<>();
                Map<Long, String> shown = new ConcurrentHashMap<>();
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService threads = Executors.newFixedThreadPool(4);
                try {
                    List<Future<?>> work = List.of(
                            threads.submit(() -> post(client, 0, running, acknowledged)),
                            threads.submit(() -> post(client, 1, running, acknowledged)),
                            threads.submit(() -> post(client, 2, running, acknowledged)),
                            threads.submit(() -> readTheLog(client, running, shown)));
                    Thread.sleep(LOAD.toMillis());
                    crash(superuser);
                    Thread.sleep(LOAD.toMillis());
                    running.set(false);
                    for (Future<?> each : work) {
                        each.get();
                    }
                } finally {
                    threads.shutdownNow();
                }

                Eventually.await(() -> logState(superuser, ledger), LogState::complete, Duration.ofSeconds(60),
                        "the log to take in every stored event after the crash");
                assertThat(acknowledged).as("transfers acknowledged around the crash").hasSizeGreaterThan(10);
                for (String id : acknowledged) {
                    assertThat(client.get("/api/v1/transfers/" + id).status()).as("acknowledged transfer " + id)
                            .isEqualTo(200);
                }
                assertThat(shown).as("positions the auditor was shown").isNotEmpty();
                shown.forEach((position, eventIdentifier) -> assertThat(superuser.queryForObject("""
                        select e.eventidentifier from audit.merkle_leaves l
                          join event_store.domainevententry e on e.globalindex = l.global_index
                         where l.leaf_index = ?""", String.class, position))
                        .as("the event at position %d", position).isEqualTo(eventIdentifier));
                assertThat(client.get("/api/v1/audit/verification").body().get("intact").asBoolean()).isTrue();
            }
        }
    }

    /** Kills one of the server's processes with SIGKILL: PostgreSQL then restarts all of them from its WAL. */
    private static void crash(JdbcTemplate superuser) {
        long pid = superuser.queryForObject("""
                select pid from pg_stat_activity
                 where backend_type = 'client backend' and pid <> pg_backend_pid() limit 1""", Long.class);
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).as("SIGKILL sent").isTrue();
    }

    /** What a failure to catch up shows: the counts, the first event without a leaf, the token, the processor. */
    private record LogState(boolean complete, String description) {

        @Override
        public String toString() {
            return description;
        }
    }

    private static LogState logState(JdbcTemplate superuser, ServiceInstance ledger) {
        TrackingEventProcessor appender = ledger.context().getBean(EventProcessingConfiguration.class)
                .eventProcessor("audit-merkle-log", TrackingEventProcessor.class).orElseThrow();
        String processor = "running " + appender.isRunning() + ", error " + appender.isError() + ", status "
                + appender.processingStatus().values();
        try {
            Map<String, Object> counts = superuser.queryForMap("""
                    select (select count(*) from audit.merkle_leaves) as leaves,
                           (select count(*) from event_store.domainevententry) as events,
                           (select min(globalindex) from event_store.domainevententry e where not exists
                               (select 1 from audit.merkle_leaves l where l.global_index = e.globalindex))
                               as first_unlogged,
                           (select convert_from(token, 'UTF8') from event_store.tokenentry
                             where processorname = 'audit-merkle-log') as token""");
            return new LogState(counts.get("leaves").equals(counts.get("events")), counts + "; " + processor + "; "
                    + appenderThreads());
        } catch (RuntimeException recovering) {
            return new LogState(false, "PostgreSQL not answering: " + recovering.getMessage() + "; " + processor);
        }
    }

    private static String appenderThreads() {
        StringBuilder stacks = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains("merkle-log")) {
                stacks.append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(12, stack.length); i++) {
                    stacks.append("\n    at ").append(stack[i]);
                }
            }
        });
        return stacks.toString();
    }

    private static void post(LedgerClient client, int account, AtomicBoolean running, List<String> acknowledged) {
        for (int i = 0; running.get(); i++) {
            String id = "t-" + account + "-" + i;
            try {
                if (client.transfer(id, "bank", "a" + account, 1, "EUR").status() == 201) {
                    acknowledged.add(id);
                }
            } catch (RuntimeException refusedDuringTheCrash) {
                // not acknowledged: it may or may not have committed
            }
        }
    }

    private static void readTheLog(LedgerClient client, AtomicBoolean running, Map<Long, String> shown) {
        while (running.get()) {
            try {
                LedgerClient.Response page = client.get("/api/v1/audit/events?limit=500&after="
                        + (shown.size() - 1));
                if (page.status() == 200) {
                    for (JsonNode event : page.body().get("items")) {
                        shown.put(event.get("position").asLong(), event.get("eventId").asString());
                    }
                }
            } catch (RuntimeException refusedDuringTheCrash) {
                // nothing shown
            }
        }
    }
}
