package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * At most PAYLEDGER_MAX_SCHEDULES_PER_OWNER running schedules per owner, through real HTTP on real PostgreSQL: a
 * cancelled or completed schedule frees its place, a retry of an existing one is still answered, concurrent
 * creations cannot together pass the limit, and the migration counts the schedules created before it.
 */
class ScheduleQuotaIT {

    private static final String LIMIT = "payledger.limits.schedules-per-owner";

    @Test
    void givenAnOwnerAtItsLimit_whenSchedulesEndOrAreRetried_thenOnlyRunningOnesCount() {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(LIMIT, "2"))) {
            LedgerClient client = ledger.client();
            fundedAccounts(client);
            LocalDate tomorrow = Schedules.today().plusDays(1);
            Map<String, Object> daily = body("rent", "payer", "payee", 100, "FREQ=DAILY", tomorrow, "10:00", "UTC",
                    Map.of());
            assertThat(create(client, daily).status()).isEqualTo(201);
            assertThat(create(client, body("once", "payer", "payee", 100, "FREQ=DAILY;COUNT=1", tomorrow, "09:00",
                    "UTC", Map.of())).status()).isEqualTo(201);

            Response third = create(client, body("gym", "payer", "payee", 100, "FREQ=WEEKLY", tomorrow, "10:00",
                    "UTC", Map.of()));
            assertThat(third.status()).isEqualTo(422);
            assertThat(third.code()).isEqualTo("SCHEDULE_LIMIT_REACHED");
            assertThat(Schedules.schedule(client, "gym").get("code").asString()).as("nothing recorded")
                    .isEqualTo("SCHEDULE_NOT_FOUND");
            assertThat(create(client, daily).status()).as("an identical retry at the limit").isEqualTo(201);
            assertThat(create(client, body("salary", "payee", "payer", 100, "FREQ=MONTHLY", tomorrow, "10:00",
                    "UTC", Map.of())).status()).as("another owner").isEqualTo(201);

            assertThat(client.post("/api/v1/schedules/rent/cancel").status()).isEqualTo(200);
            assertThat(create(client, body("gym", "payer", "payee", 100, "FREQ=WEEKLY", tomorrow, "10:00", "UTC",
                    Map.of())).status()).as("the cancelled schedule's place").isEqualTo(201);
            assertThat(create(client, body("car", "payer", "payee", 100, "FREQ=WEEKLY", tomorrow, "10:00", "UTC",
                    Map.of())).code()).isEqualTo("SCHEDULE_LIMIT_REACHED");

            // Its one occurrence runs and completes it, on a deadline, not on a client's command.
            TestClock.INSTANCE.advanceTo(tomorrow.atTime(9, 30).toInstant(ZoneOffset.UTC));
            Eventually.await(() -> Schedules.schedule(client, "once").get("status").asString(),
                    "COMPLETED"::equals, Duration.ofSeconds(30), "the one-off schedule to complete");
            assertThat(create(client, body("car", "payer", "payee", 100, "FREQ=WEEKLY", tomorrow.plusDays(7),
                    "10:00", "UTC", Map.of())).status()).as("the completed schedule's place").isEqualTo(201);
        }
    }

    @Test
    void givenOnePlaceLeft_whenManyCreationsRace_thenOneIsCreated() throws Exception {
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(LIMIT, "3"))) {
            LedgerClient client = ledger.client();
            fundedAccounts(client);
            LocalDate tomorrow = Schedules.today().plusDays(1);
            createDaily(client, "a", "b");
            // Each between accounts of its own: creations naming one account already queue on that account's lock.
            for (int racer = 0; racer < 8; racer++) {
                assertThat(client.openAccount("payer-" + racer, "EUR", "u-1", null).status()).isEqualTo(201);
                assertThat(client.openAccount("payee-" + racer, "EUR", "u-2", null).status()).isEqualTo(201);
            }
            ExecutorService racers = Executors.newFixedThreadPool(8);
            List<Future<Response>> answers = new ArrayList<>();
            for (int racer = 0; racer < 8; racer++) {
                String id = "race-" + racer;
                String debit = "payer-" + racer;
                String credit = "payee-" + racer;
                answers.add(racers.submit(() -> create(client, body(id, debit, credit, 1, "FREQ=DAILY", tomorrow,
                        "10:00", "UTC", Map.of()))));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                outcomes.add(response.status() == 201 ? "created" : response.code());
            }
            racers.shutdown();

            assertThat(outcomes).containsOnly("created", "SCHEDULE_LIMIT_REACHED").containsOnlyOnce("created");
            assertThat(ledger.jdbc().queryForObject("select count(*) from command_side.owner_schedules "
                    + "where owner_id = 'u-1' and ended_at is null", Long.class)).isEqualTo(3);
        }
    }

    @Test
    void givenSchedulesCreatedBeforeTheTable_whenTheMigrationCountsThem_thenTheSameRowsAsTheServiceWrote()
            throws IOException {
        String database = TestDatabase.newDatabase();
        try (ServiceInstance ledger = ServiceInstance.start(database)) {
            LedgerClient client = ledger.client();
            fundedAccounts(client);
            createDaily(client, "kept", "cancelled");
            client.post("/api/v1/schedules/cancelled/cancel");
            JdbcTemplate administrator = new JdbcTemplate(new DriverManagerDataSource(database,
                    TestDatabase.superuser(), TestDatabase.superuserPassword()));
            String rows = "select schedule_id, owner_id, ended_at is not null as ended "
                    + "from command_side.owner_schedules order by 1";
            List<Map<String, Object>> written = administrator.queryForList(rows);
            assertThat(written).hasSize(2);

            administrator.update("delete from command_side.owner_schedules");
            administrator.update(backfill());

            assertThat(administrator.queryForList(rows)).isEqualTo(written);
        }
    }

    /** The migration's statement that counts the schedules created before it, as Flyway ran it. */
    private static String backfill() throws IOException {
        try (InputStream migration = ScheduleQuotaIT.class.getResourceAsStream(
                "/db/migration/command-side/V2026.12.01.4__owner_schedules.sql")) {
            String sql = new String(migration.readAllBytes(), StandardCharsets.UTF_8);
            return sql.substring(sql.indexOf("insert into command_side.owner_schedules"));
        }
    }

    /** A daily schedule from payer to payee under each id, from tomorrow on. */
    private static void createDaily(LedgerClient client, String... ids) {
        for (String id : ids) {
            assertThat(create(client, body(id, "payer", "payee", 1, "FREQ=DAILY", Schedules.today().plusDays(1),
                    "10:00", "UTC", Map.of())).status()).isEqualTo(201);
        }
    }

    /** bank (EXTERNAL, treasury), payer (u-1, funded) and payee (u-2). */
    private static void fundedAccounts(LedgerClient client) {
        assertThat(client.openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        assertThat(client.openAccount("payer", "EUR", "u-1", null).status()).isEqualTo(201);
        assertThat(client.openAccount("payee", "EUR", "u-2", null).status()).isEqualTo(201);
        assertThat(client.transfer("fund", "bank", "payer", 10_000, "EUR").status()).isEqualTo(201);
    }
}
