package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.awaitOccurrence;
import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static com.payledger.infra.support.Schedules.occurrence;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The ledger is down over four runs of three daily schedules and starts again: each schedule catches up by its
 * policy exactly once, and a further restart pays nothing more. The ledger runs on a database of its own, so no
 * other instance in this JVM can pay while "the ledger" is down.
 */
class ScheduleRestartIT {

    @Test
    void givenDowntimeOverFourRuns_whenStartedAgain_thenEachCatchUpPolicyIsHonouredExactlyOnce() {
        String database = TestDatabase.newDatabase();
        LocalDate first = Schedules.today().plusDays(1);
        try (ServiceInstance before = ServiceInstance.start(database)) {
            LedgerClient client = before.client();
            assertThat(client.openAccount("bank", "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
            assertThat(client.openAccount("payer", "EUR", "u-1", null).status()).isEqualTo(201);
            assertThat(client.openAccount("payee", "EUR", "u-2", null).status()).isEqualTo(201);
            assertThat(client.transfer("fund", "bank", "payer", 1_000_000, "EUR").status()).isEqualTo(201);
            for (String policy : new String[] {"RUN_ALL", "RUN_LATEST", "SKIP"}) {
                assertThat(create(client, body(policy.toLowerCase().replace('_', '-'), "payer", "payee", 100,
                        "FREQ=DAILY", first, "09:00", "UTC", Map.of("catchUpPolicy", policy))).status())
                        .isEqualTo(201);
            }
        }
        Instant fourthRun = ZonedDateTime.of(first.plusDays(3), LocalTime.of(9, 0), ZoneOffset.UTC).toInstant();
        TestClock.INSTANCE.advanceTo(fourthRun.plus(Duration.ofHours(1)));

        try (ServiceInstance after = ServiceInstance.start(database)) {
            LedgerClient client = after.client();
            for (int day = 0; day < 4; day++) {
                awaitOccurrence(client, "run-all", first.plusDays(day), "PAID");
            }
            awaitOccurrence(client, "run-latest", first.plusDays(3), "PAID");
            for (int day = 0; day < 3; day++) {
                assertMissed(client, "run-latest", first.plusDays(day));
            }
            for (int day = 0; day < 4; day++) {
                assertMissed(client, "skip", first.plusDays(day));
            }
            assertThat(Schedules.schedule(client, "skip").get("nextOccurrence").asString())
                    .isEqualTo(first.plusDays(4).toString());
            assertThat(client.postedBalance("payee")).isEqualTo(500);
        }

        try (ServiceInstance again = ServiceInstance.start(database)) {
            // Give the new instance's deadline poller (every 0.1 s) and automation time to (wrongly) act.
            sleep(Duration.ofSeconds(2));
            assertThat(again.client().postedBalance("payee")).as("a second start pays nothing twice").isEqualTo(500);
            Long legs = again.jdbc().queryForObject("""
                    select count(*) from event_store.domainevententry
                     where payloadtype like '%AccountDebited'
                       and convert_from(payload, 'UTF8')::json ->> 'transferId' like 'sched~%'""", Long.class);
            assertThat(legs).as("one debit per paid occurrence").isEqualTo(5);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertMissed(LedgerClient client, String scheduleId, LocalDate date) {
        JsonNode missed = Eventually.await(() -> occurrence(client, scheduleId, date), o -> o != null,
                Duration.ofSeconds(30), scheduleId + " " + date + " to be recorded");
        assertThat(missed.get("status").asString()).as(scheduleId + " " + date).isEqualTo("MISSED");
        assertThat(missed.get("reason").asString()).isEqualTo("CATCH_UP_POLICY");
    }
}
