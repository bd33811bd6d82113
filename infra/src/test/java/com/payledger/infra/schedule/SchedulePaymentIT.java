package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.awaitOccurrence;
import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static com.payledger.infra.support.Schedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.TestClock;
import com.payledger.infra.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Schedules pay on the right dates through the whole stack: HTTP, the event store, db-scheduler deadlines in
 * PostgreSQL, the automation and the ledger, with the shared clock moved forward to each run.
 */
class SchedulePaymentIT extends LedgerHttpTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void givenMonthEndScheduleWithClamp_whenEachRunComes_thenItPaysOnTheLastDayOfEveryMonth() {
        String tenant = unique("tenant");
        String landlord = unique("landlord");
        fund(tenant, landlord, 1_000_000);
        LocalDate start = Schedules.today().plusMonths(1).withDayOfMonth(1);
        String id = unique("rent");
        Response created = create(client, body(id, tenant, landlord, 90_000, "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3",
                start, "09:00", "Europe/Berlin", Map.of("shortMonthPolicy", "CLAMP")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.body().get("remainingOccurrences").asInt()).isEqualTo(3);

        List<LocalDate> expected = new ArrayList<>();
        for (int month = 0; month < 3; month++) {
            LocalDate first = start.plusMonths(month);
            expected.add(first.withDayOfMonth(first.lengthOfMonth()));
        }
        assertThat(upcomingDates(id)).containsExactlyElementsOf(expected);
        for (int i = 0; i < expected.size(); i++) {
            LocalDate date = expected.get(i);
            Instant runAt = ZonedDateTime.of(date, LocalTime.of(9, 0), BERLIN).toInstant();
            assertThat(schedule(client, id).get("nextRunAt").asString()).isEqualTo(runAt.toString());
            TestClock.INSTANCE.advanceTo(runAt.plusSeconds(1));

            JsonNode paid = awaitOccurrence(client, id, date, "PAID");

            assertThat(paid.get("transferId").asString()).isEqualTo("sched~" + id + "~" + date);
            assertThat(client.postedBalance(landlord)).isEqualTo(90_000L * (i + 1));
            JsonNode transfer = client.get("/api/v1/transfers/" + paid.get("transferId").asString()).body();
            assertThat(transfer.get("metadata").get("scheduleId").asString()).isEqualTo(id);
        }
        JsonNode completed = schedule(client, id);
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.get("nextRunAt").isNull()).isTrue();
        assertThat(upcomingDates(id)).isEmpty();
        // A fired deadline's events carried no metadata at all: the ledger is their principal, and their
        // correlation leads back to the request that created the schedule.
        String creation = jdbc.queryForObject("""
                select convert_from(metadata, 'UTF8')::jsonb ->> 'correlationId' from event_store.domainevententry
                 where aggregateidentifier = ? and sequencenumber = 0""", String.class, "schedule~" + id);
        List<Map<String, Object>> dueMetadata = jdbc.queryForList("""
                select convert_from(metadata, 'UTF8')::jsonb ->> 'principal' as principal,
                       convert_from(metadata, 'UTF8')::jsonb ->> 'correlationId' as correlation,
                       convert_from(metadata, 'UTF8')::jsonb ->> 'causationId' as causation
                  from event_store.domainevententry
                 where aggregateidentifier = ? and payloadtype like '%.RecurringPaymentDue'""", "schedule~" + id);
        assertThat(dueMetadata).hasSize(3).allSatisfy(metadata -> {
            assertThat(metadata.get("principal")).isEqualTo("system");
            assertThat(metadata.get("correlation")).isNotNull();
            assertThat(metadata.get("causation")).isNotNull();
        });
        assertThat(dueMetadata.get(0).get("correlation")).isEqualTo(creation);
    }

    @Test
    void givenUnfundedAccount_whenTheRunComes_thenItFailsAndTheRetryPaysOnceFundsArrive() {
        String payer = unique("payer");
        String payee = unique("payee");
        fund(payer, payee, 0);
        LocalDate start = Schedules.today().plusDays(1);
        String id = unique("gym");
        create(client, body(id, payer, payee, 4_000, "FREQ=DAILY", start, "06:00", "UTC", Map.of()));

        TestClock.INSTANCE.advanceTo(ZonedDateTime.of(start, LocalTime.of(6, 0), ZoneId.of("UTC")).toInstant()
                .plusSeconds(1));
        JsonNode failed = awaitOccurrence(client, id, start, "FAILED");
        assertThat(failed.get("reason").asString()).isEqualTo("EXCEEDS_AVAILABLE_BALANCE");
        Instant retryAt = Instant.parse(failed.get("nextRetryAt").asString());
        assertThat(Duration.between(TestClock.INSTANCE.instant(), retryAt)).isBetween(Duration.ofMinutes(55),
                Duration.ofHours(1));
        assertThat(schedule(client, id).get("lastOutcome").get("status").asString()).isEqualTo("FAILED");

        client.transfer(unique("topup"), bankOf(payer), payer, 10_000, "EUR");
        // From the next occurrence on the schedule moves 1,000; the retry still pays the 4,000 it fell due with.
        assertThat(client.patch("/api/v1/schedules/" + id, Map.of("amount", 1_000)).status()).isEqualTo(200);
        // The retry is no occurrence of the calendar, but it will move money today: the forecast left it out, and
        // then counted it at the schedule's new amount.
        JsonNode forecast = client.get("/api/v1/accounts/" + payer + "/forecast?until=" + start.plusDays(1)).body();
        assertThat(forecast.get("items").get(0).get("date").asString()).isEqualTo(start.toString());
        assertThat(forecast.get("items").get(0).get("balance").asLong()).as(forecast.toString()).isEqualTo(6_000);
        assertThat(forecast.get("items").get(1).get("balance").asLong()).as(forecast.toString()).isEqualTo(5_000);
        // A later skip is the last outcome; the retry still pending is shown beside it, by the command's answer
        // and by both reads.
        JsonNode skipped = client.post("/api/v1/schedules/" + id + "/skip-next").body();
        assertThat(skipped.get("lastOutcome").get("status").asString()).isEqualTo("SKIPPED");
        Map<String, Object> pendingRetry = Map.of("date", start.toString(), "attempts", 1,
                "reason", "EXCEEDS_AVAILABLE_BALANCE", "nextRetryAt", retryAt.toString());
        assertThat(pendingRetryOf(skipped)).isEqualTo(pendingRetry);
        assertThat(pendingRetryOf(schedule(client, id))).isEqualTo(pendingRetry);
        assertThat(pendingRetryOf(client.get("/api/v1/schedules?ownerId=u-" + payer).body().get("items").get(0)))
                .isEqualTo(pendingRetry);
        TestClock.INSTANCE.advanceTo(retryAt.plusSeconds(1));
        JsonNode paid = awaitOccurrence(client, id, start, "PAID");

        assertThat(paid.get("attempts").asInt()).isEqualTo(2);
        assertThat(schedule(client, id).get("pendingRetry").isNull()).isTrue();
        assertThat(client.postedBalance(payer)).isEqualTo(6_000);
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    private static Map<String, Object> pendingRetryOf(JsonNode schedule) {
        JsonNode retry = schedule.get("pendingRetry");
        return Map.of("date", retry.get("date").asString(), "attempts", retry.get("attempts").asInt(),
                "reason", retry.get("reason").asString(),
                "nextRetryAt", Instant.parse(retry.get("nextRetryAt").asString()).toString());
    }

    private List<LocalDate> upcomingDates(String id) {
        List<LocalDate> dates = new ArrayList<>();
        client.get("/api/v1/schedules/" + id + "/upcoming?limit=10").body().get("items")
                .forEach(item -> dates.add(LocalDate.parse(item.get("date").asString())));
        return dates;
    }

    /**
     * A payment under way shows its occurrence DUE, stamped with the time its due event was recorded: as the event
     * store keeps that time (milliseconds), or a rebuild during the payment counts the row as one that differed.
     */
    @Test
    void givenAPaymentUnderWay_whenItsOccurrenceIsRead_thenDueAtTheTimeTheStoreKeeps() throws Exception {
        String payer = unique("payer");
        String payee = unique("payee");
        fund(payer, payee, 1_000);
        LocalDate date = Schedules.today().plusDays(1);
        String id = unique("due");
        assertThat(create(client, body(id, payer, payee, 100, "FREQ=DAILY;COUNT=1", date, "09:00", "UTC", Map.of()))
                .status()).isEqualTo(201);
        Instant runAt = date.atTime(9, 0).toInstant(ZoneOffset.UTC);
        try (Connection holder = DriverManager.getConnection(TestDatabase.url(),
                TestDatabase.superuser(), TestDatabase.superuserPassword())) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                // The payment's credit waits for this row: its occurrence stays DUE meanwhile.
                statement.execute("select 1 from read_model.accounts where account_id = '" + payee + "' for update");
            }
            TestClock.INSTANCE.advanceTo(runAt.plusNanos(1_000_123_000));
            awaitOccurrence(client, id, date, "DUE");
            Instant shown = jdbc.queryForObject("select updated_at from read_model.recurring_payment_occurrences "
                    + "where schedule_id = ? and occurrence = ?", Timestamp.class, id, date).toInstant();
            Instant stored = Instant.parse(jdbc.queryForObject("select timestamp from event_store.domainevententry "
                    + "where aggregateidentifier = ? and payloadtype like '%.RecurringPaymentDue'", String.class,
                    "schedule~" + id));
            assertThat(shown).isEqualTo(stored);
            holder.rollback();
        }
        awaitOccurrence(client, id, date, "PAID");
    }

    private void fund(String payer, String payee, long amount) {
        client.openAccount(bankOf(payer), "EUR", "treasury", "EXTERNAL");
        client.openAccount(payer, "EUR", "u-" + payer, null);
        client.openAccount(payee, "EUR", "u-" + payee, null);
        if (amount > 0) {
            assertThat(client.transfer(unique("fund"), bankOf(payer), payer, amount, "EUR").status()).isEqualTo(201);
        }
    }

    private static String bankOf(String account) {
        return "bank-" + account;
    }
}
