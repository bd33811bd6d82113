package com.payledger.infra.schedule;

import static com.payledger.infra.support.Schedules.body;
import static com.payledger.infra.support.Schedules.create;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.command.access.ActingOwner;
import com.payledger.command.account.AccountId;
import com.payledger.command.transfer.PostTransfer;
import com.payledger.command.transfer.TransferId;
import com.payledger.events.Money;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.Schedules;
import com.payledger.infra.support.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The schedule endpoints: lifecycle, listing, upcoming runs, the forecast, and every rejection. */
class ScheduleApiIT extends LedgerHttpTest {

    @Autowired
    private CommandGateway commands;

    private String payer;
    private String payee;
    private LocalDate tomorrow;

    @BeforeEach
    void accounts() {
        payer = unique("payer");
        payee = unique("payee");
        client.openAccount("bank-" + payer, "EUR", "treasury", "EXTERNAL");
        client.openAccount(payer, "EUR", "u-1", null);
        client.openAccount(payee, "EUR", "u-2", null);
        client.transfer(unique("fund"), "bank-" + payer, payer, 10_000, "EUR");
        tomorrow = Schedules.today().plusDays(1);
    }

    /**
     * If-Match on every change: the late retry of a pause cannot pause again a schedule resumed since, and the retry
     * of a change already applied answers as the first time.
     */
    @Test
    void givenTheSchedulesETag_whenChangedOnIt_thenOnlyWhileTheScheduleIsAtThatVersion() {
        String id = unique("s");
        Response created = create(client, daily(id, Map.of()));
        String atCreation = etag(created);
        Response read = client.get("/api/v1/schedules/" + id);
        assertThat(etag(read)).as("the read model's version is the schedule's").isEqualTo(atCreation)
                .isEqualTo("\"" + read.body().get("version").asLong() + "\"");

        Response paused = change("/pause", id, atCreation, "{}");
        assertThat(paused.status()).as(paused.raw().body()).isEqualTo(200);
        assertThat(etag(client.get("/api/v1/schedules/" + id))).isEqualTo(etag(paused));
        Response resumed = change("/resume", id, etag(paused), "{}");
        assertThat(resumed.status()).as(resumed.raw().body()).isEqualTo(200);

        for (String[] late : new String[][] {{"/pause", "{}"}, {"/skip-next", "{}"}, {"/cancel", "{}"},
                {"", "{\"amount\":5}"}}) {
            Response refused = change(late[0], id, etag(paused), late[1]);
            assertThat(refused.status()).as(late[0] + " " + refused.raw().body()).isEqualTo(412);
            assertThat(refused.code()).isEqualTo("PRECONDITION_FAILED");
        }
        assertThat(change("/cancel", id, "W/" + etag(resumed), "{}").code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(change("/cancel", id, "abc", "{}").code()).isEqualTo("INVALID_IF_MATCH");
        JsonNode unchanged = client.get("/api/v1/schedules/" + id).body();
        assertThat(unchanged.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(unchanged.get("amount").asLong()).isEqualTo(100);
        assertThat(unchanged.get("version").asLong()).isEqualTo(resumed.body().get("version").asLong());

        Response changed = change("", id, "\"0\", " + etag(resumed), "{\"amount\":5}");
        assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
        assertThat(changed.body().get("amount").asLong()).isEqualTo(5);
        // The retry of a change whose answer was lost finds it applied: answered as the first time, nothing recorded.
        Response retried = change("", id, etag(resumed), "{\"amount\":5}");
        assertThat(retried.status()).as(retried.raw().body()).isEqualTo(200);
        assertThat(etag(retried)).isEqualTo(etag(changed));
        assertThat(change("/resume", id, etag(paused), "{}").status()).as("active already").isEqualTo(200);
        assertThat(change("/cancel", id, "*", "{}").body().get("status").asString()).isEqualTo("CANCELLED");
    }

    private Response change(String action, String id, String ifMatch, String body) {
        return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                        + "/api/v1/schedules/" + id + action)).header("Content-Type", "application/json")
                .header("If-Match", ifMatch)
                .method(action.isEmpty() ? "PATCH" : "POST", java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String etag(Response response) {
        return response.raw().headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: "
                + response.raw().headers().map()));
    }

    @Test
    void givenSchedule_whenPausedSkippedResumedChangedAndCancelled_thenEachStepShows() {
        String id = unique("s");
        Map<String, Object> request = daily(id, Map.of());
        Response created = create(client, request);
        assertThat(create(client, request).body()).as("identical retry").isEqualTo(created.body());
        assertThat(upcoming(id)).first().isEqualTo(tomorrow);

        LocalDate until = tomorrow.plusDays(9);
        JsonNode paused = client.post("/api/v1/schedules/" + id + "/pause", Map.of("until", until.toString())).body();
        assertThat(paused.get("status").asString()).isEqualTo("PAUSED");
        assertThat(paused.get("pausedUntil").asString()).isEqualTo(until.toString());
        assertThat(upcoming(id)).first().isEqualTo(until);
        Response retried = create(client, request);
        assertThat(retried.status()).as("a late identical retry").isEqualTo(201);
        assertThat(retried.body().get("status").asString()).as("the schedule as it stands").isEqualTo("PAUSED");

        client.post("/api/v1/schedules/" + id + "/skip-next");
        assertThat(upcoming(id)).first().isEqualTo(until.plusDays(1));
        assertThat(client.get("/api/v1/schedules/" + id + "/occurrences").body().get("items").get(0)
                .get("status").asString()).isEqualTo("SKIPPED");

        JsonNode resumed = client.post("/api/v1/schedules/" + id + "/resume").body();
        assertThat(resumed.get("status").asString()).isEqualTo("ACTIVE");
        // Resumed early: the days of the pause still to come are paid again, but the skipped date never is.
        assertThat(upcoming(id, 12)).startsWith(tomorrow).contains(until.minusDays(1), until.plusDays(1))
                .doesNotContain(until);
        List<Long> days = forecast(payer, until.plusDays(1));
        int untilDay = (int) java.time.temporal.ChronoUnit.DAYS.between(tomorrow.minusDays(1), until);
        assertThat(days.get(untilDay)).as("the forecast pays nothing on the skipped date")
                .isEqualTo(days.get(untilDay - 1));
        assertThat(days.get(untilDay + 1)).as("ten runs from tomorrow, the skipped one left out").isEqualTo(9_000L);

        Response changed = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(client.baseUrl()
                        + "/api/v1/schedules/" + id)).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"amount\":250}")));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("amount").asLong()).isEqualTo(250);

        JsonNode cancelled = client.post("/api/v1/schedules/" + id + "/cancel").body();
        assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(client.post("/api/v1/schedules/" + id + "/cancel").status()).isEqualTo(200);
        assertThat(upcoming(id)).isEmpty();
        assertThat(Schedules.schedule(client, id).get("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void givenASkipNamingTheNextOccurrence_whenRetriedOrStale_thenOnlyThatOccurrenceIsEverSkipped() {
        String id = unique("s");
        create(client, daily(id, Map.of()));
        String next = Schedules.schedule(client, id).get("nextOccurrence").asString();
        String path = "/api/v1/schedules/" + id + "/skip-next";

        Response skipped = client.post(path, Map.of("occurrence", next));
        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.body().get("nextOccurrence").asString()).isEqualTo(tomorrow.plusDays(1).toString());
        Response retried = client.post(path, Map.of("occurrence", next));
        assertThat(retried.status()).as("the identical skip again").isEqualTo(200);
        assertThat(retried.body().get("nextOccurrence").asString()).isEqualTo(tomorrow.plusDays(1).toString());
        assertThat(upcoming(id)).first().isEqualTo(tomorrow.plusDays(1));

        expect(409, "OCCURRENCE_NOT_NEXT", () -> client.post(path, Map.of("occurrence",
                tomorrow.plusDays(2).toString())));
        expect(400, "INVALID_DATE", () -> client.post(path, Map.of("occurrence", "tomorrow")));
        expect(400, "UNKNOWN_FIELD", () -> client.post(path, Map.of("date", next)));
        assertThat(upcoming(id)).first().isEqualTo(tomorrow.plusDays(1));
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenABlankJsonBody_whenPausingOrSkipping_thenItIsTakenAsNoBody() {
        // Many HTTP clients send a line break as the body of every POST. The actions that take no body took it; these
        // two, whose body is optional, answered INVALID_FIELD_TYPE for a field nobody sent.
        String id = unique("s");
        create(client, daily(id, Map.of()));
        Response skipped = client.postRaw("/api/v1/schedules/" + id + "/skip-next", " \t\n", "application/json");
        assertThat(skipped.status()).as(skipped.raw().body()).isEqualTo(200);
        assertThat(upcoming(id)).first().isEqualTo(tomorrow.plusDays(1));
        Response paused = client.postRaw("/api/v1/schedules/" + id + "/pause", "\r\n", "application/json");
        assertThat(paused.status()).as(paused.raw().body()).isEqualTo(200);
        assertThat(paused.body().get("status").asString()).isEqualTo("PAUSED");
        JsonNode pausedUntil = paused.body().get("pausedUntil");
        assertThat(pausedUntil == null || pausedUntil.isNull()).as("paused until resumed").isTrue();
        // Nothing is next while it is paused with no end; the answer said the rule had no occurrence left.
        Response noNext = client.post("/api/v1/schedules/" + id + "/skip-next");
        assertThat(noNext.status()).isEqualTo(422);
        assertThat(noNext.code()).isEqualTo("NO_FUTURE_OCCURRENCE");
        assertThat(noNext.body().get("detail").asString()).contains("paused with no end date");
        client.post("/api/v1/schedules/" + id + "/resume");
        // Leading white space before JSON is still that JSON.
        Response repaused = client.postRaw("/api/v1/schedules/" + id + "/pause", "\n {\"until\":\""
                + tomorrow.plusDays(5) + "\"}", "application/json");
        assertThat(repaused.status()).as(repaused.raw().body()).isEqualTo(200);
        assertThat(repaused.body().get("pausedUntil").asString()).isEqualTo(tomorrow.plusDays(5).toString());
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenADailyScheduleThatStartedInTheYear1_whenCreated_thenItRunsFromNowOnWithNothingPaidForThePast() {
        // 739,000 days lie between its start and now, more than one scan of the calendar takes (this was a 422).
        String id = unique("s");
        assertThat(create(client, daily(id, Map.of("startDate", "0001-01-01"))).status()).isEqualTo(201);
        assertThat(upcoming(id)).first().isIn(tomorrow.minusDays(1), tomorrow);
        assertThat(client.get("/api/v1/schedules/" + id + "/occurrences").body().get("items").size()).isZero();
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenSchedulesOfOneOwner_whenListed_thenPagedByIdAndFilteredByStatus() {
        String owner = unique("owner");
        String ownersAccount = unique("own");
        client.openAccount(ownersAccount, "EUR", owner, null);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = unique("list-" + i);
            ids.add(id);
            create(client, daily(id, Map.of("ownerId", owner, "debitAccountId", ownersAccount)));
        }
        client.post("/api/v1/schedules/" + ids.get(1) + "/cancel");

        JsonNode firstPage = client.get("/api/v1/schedules?ownerId=" + owner + "&limit=2").body();
        JsonNode secondPage = client.get("/api/v1/schedules?ownerId=" + owner + "&limit=2&cursor="
                + firstPage.get("nextCursor").asString()).body();
        JsonNode active = client.get("/api/v1/schedules?ownerId=" + owner + "&status=ACTIVE").body();

        List<String> listed = new ArrayList<>();
        firstPage.get("items").forEach(item -> listed.add(item.get("id").asString()));
        secondPage.get("items").forEach(item -> listed.add(item.get("id").asString()));
        assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(secondPage.get("nextCursor").isNull()).isTrue();
        assertThat(active.get("items").size()).isEqualTo(2);
        assertThat(active.get("items").get(0).has("nextRunAt")).isTrue();
    }

    @Test
    void givenDailyDebit_whenForecasting_thenTheBalanceFallsDayByDay() {
        String id = unique("s");
        create(client, daily(id, Map.of("amount", 1_000)));

        JsonNode payerDays = client.get("/api/v1/accounts/" + payer + "/forecast?until=" + tomorrow.plusDays(2))
                .body().get("items");
        JsonNode payeeDays = client.get("/api/v1/accounts/" + payee + "/forecast?until=" + tomorrow.plusDays(2))
                .body().get("items");

        assertThat(payerDays.size()).isEqualTo(4);
        assertThat(payerDays.get(0).get("balance").asLong()).isEqualTo(10_000);
        assertThat(payerDays.get(3).get("date").asString()).isEqualTo(tomorrow.plusDays(2).toString());
        assertThat(payerDays.get(3).get("balance").asLong()).isEqualTo(7_000);
        assertThat(payeeDays.get(3).get("balance").asLong()).isEqualTo(3_000);
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenAScheduleIntoAnAccountClosedSince_whenForecasting_thenItsRunsAreNotCounted() {
        // Every run would fail ACCOUNT_CLOSED, and the payer's forecast fell as if each were paid.
        List<Long> before = forecast(payer, tomorrow.plusDays(2));
        String shut = unique("shut");
        client.openAccount(shut, "EUR", "u-shut", null);
        String id = unique("s");
        create(client, daily(id, Map.of("amount", 1_000, "creditAccountId", shut)));
        try {
            assertThat(forecast(payer, tomorrow.plusDays(2)).get(3)).isEqualTo(before.get(3) - 3_000);
            assertThat(client.post("/api/v1/accounts/" + shut + "/close").status()).isEqualTo(200);

            assertThat(forecast(payer, tomorrow.plusDays(2))).isEqualTo(before);
            assertThat(forecast(shut, tomorrow.plusDays(2))).containsOnly(0L);
        } finally {
            client.post("/api/v1/schedules/" + id + "/cancel");
        }
    }

    @Test
    void givenRunsWestAndEastOfUtc_whenForecasting_thenEachCountsOnTheUtcDayItRuns() {
        // At 01:00Z the local date in Etc/GMT+12 is still yesterday's: its 20:00 run is at 08:00Z today. The forecast
        // counted runs on their local dates from today's UTC date on, so it left that run out altogether.
        TestClock.INSTANCE.advanceTo(Schedules.today().plusDays(1).atTime(1, 0).toInstant(ZoneOffset.UTC));
        LocalDate today = Schedules.today();
        String west = unique("s");
        String east = unique("s");
        create(client, daily(west, Map.of("rrule", "FREQ=DAILY;COUNT=1", "startDate", today.minusDays(1).toString(),
                "timeOfDay", "20:00", "timeZone", "Etc/GMT+12", "amount", 1_000)));
        // In Pacific/Kiritimati (UTC+14) it is 15:00 already: the run on tomorrow's local date is at 19:00Z today.
        create(client, daily(east, Map.of("rrule", "FREQ=DAILY;COUNT=1", "startDate", today.plusDays(1).toString(),
                "timeOfDay", "09:00", "timeZone", "Pacific/Kiritimati", "amount", 100)));
        try {
            assertThat(Schedules.schedule(client, west).get("nextRunAt").asString())
                    .isEqualTo(today.atTime(8, 0).toInstant(ZoneOffset.UTC).toString());
            assertThat(Schedules.schedule(client, east).get("nextRunAt").asString())
                    .isEqualTo(today.atTime(19, 0).toInstant(ZoneOffset.UTC).toString());

            assertThat(forecast(payer, today.plusDays(1))).containsExactly(8_900L, 8_900L);
            assertThat(forecast(payee, today)).as("the horizon's last day holds a run dated the day after it")
                    .containsExactly(1_100L);
        } finally {
            client.post("/api/v1/schedules/" + west + "/cancel");
            client.post("/api/v1/schedules/" + east + "/cancel");
        }
    }

    @Test
    void givenFractionalTimesOfDay_whenRead_thenTheScheduleAndItsRunsKeepTheFraction() {
        for (LocalTime timeOfDay : List.of(LocalTime.of(9, 0, 0, 500_000_000), LocalTime.of(9, 0, 0, 123_456_000))) {
            String id = unique("s");
            create(client, daily(id, Map.of("timeOfDay", timeOfDay.toString(), "timeZone", "UTC")));
            Instant runAt = tomorrow.atTime(timeOfDay).toInstant(ZoneOffset.UTC);

            JsonNode schedule = Schedules.schedule(client, id);
            JsonNode upcoming = client.get("/api/v1/schedules/" + id + "/upcoming?limit=1").body().get("items");

            assertThat(LocalTime.parse(schedule.get("timeOfDay").asString())).isEqualTo(timeOfDay);
            assertThat(Instant.parse(schedule.get("nextRunAt").asString())).isEqualTo(runAt);
            assertThat(Instant.parse(upcoming.get(0).get("runAt").asString())).isEqualTo(runAt);
            client.post("/api/v1/schedules/" + id + "/cancel");
        }
    }

    @Test
    void givenAWeeklyScheduleStartingInTheGregorianSwitch_whenRead_thenItsStartDateAndWeekdayAreKept() {
        // java.sql.Date reads dates in the Julian calendar until 1582-10-04 and lacks the ten days after it.
        LocalDate start = LocalDate.of(1582, 10, 10);
        String id = unique("s");
        create(client, daily(id, Map.of("rrule", "FREQ=WEEKLY", "startDate", start.toString())));

        JsonNode schedule = Schedules.schedule(client, id);
        LocalDate next = LocalDate.parse(schedule.get("nextOccurrence").asString());

        assertThat(schedule.get("startDate").asString()).isEqualTo("1582-10-10");
        assertThat(next.getDayOfWeek()).isEqualTo(start.getDayOfWeek());
        assertThat(upcoming(id, 3)).containsExactly(next, next.plusWeeks(1), next.plusWeeks(2));
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenOccurrencesOnTheLastDates_whenListingOccurrences_thenEveryPageListsThem() {
        // The newest page asked for occurrences before 9999-12-31, which left out one on that date.
        String id = unique("s");
        create(client, daily(id, Map.of("startDate", "9999-12-30")));
        client.post("/api/v1/schedules/" + id + "/skip-next");
        client.post("/api/v1/schedules/" + id + "/skip-next");

        JsonNode first = client.get("/api/v1/schedules/" + id + "/occurrences?limit=1").body();
        JsonNode second = client.get("/api/v1/schedules/" + id + "/occurrences?limit=1&cursor="
                + first.get("nextCursor").asString()).body();

        assertThat(first.get("items").get(0).get("date").asString()).isEqualTo("9999-12-31");
        assertThat(first.get("items").get(0).get("status").asString()).isEqualTo("SKIPPED");
        assertThat(second.get("items").size()).isEqualTo(1);
        assertThat(second.get("items").get(0).get("date").asString()).isEqualTo("9999-12-30");
        assertThat(second.get("nextCursor").isNull()).isTrue();
        client.post("/api/v1/schedules/" + id + "/cancel");
    }

    @Test
    void givenABalanceOfLongMaxValue_whenForecastingAPaymentToItAndCheckingConsistency_thenA422AndASumOfZero()
            throws Exception {
        // Ids that sort first, so that the consistency check adds this account's balance before any other's.
        String rich = "0-rich-" + unique("a");
        String small = "1-small-" + unique("a");
        String bank = unique("bank");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(rich, "EUR", "u-2", null);
        client.openAccount(small, "EUR", "u-2", null);
        long largest = 1_000_000_000_000_000L;
        List<Long> amounts = new ArrayList<>(java.util.Collections.nCopies((int) (Long.MAX_VALUE / largest), largest));
        amounts.add(Long.MAX_VALUE % largest);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (long amount : amounts) {
                String transfer = unique("huge");
                sent.add(senders.submit(() -> commands.sendAndWait(ActingOwner.asLedger(new PostTransfer(
                        new TransferId(transfer), new AccountId(bank), new AccountId(rich), Money.of(amount, "EUR"),
                        null, Map.of())))));
            }
            for (Future<?> transfer : sent) {
                transfer.get();
            }
        } finally {
            senders.shutdownNow();
        }
        client.transfer(unique("t"), bank, small, 1, "EUR");
        String id = unique("s");
        create(client, daily(id, Map.of("creditAccountId", rich, "amount", 1)));
        try {
            Response today = client.get("/api/v1/accounts/" + rich + "/forecast?until=" + tomorrow.minusDays(1));
            assertThat(today.status()).isEqualTo(200);
            assertThat(today.body().get("items").get(0).get("balance").asLong()).isEqualTo(Long.MAX_VALUE);
            // It used to be a 500 (an ArithmeticException); the ledger itself would refuse that payment.
            expect(422, "FORECAST_OUT_OF_RANGE",
                    () -> client.get("/api/v1/accounts/" + rich + "/forecast?until=" + tomorrow));
        } finally {
            // Other tests move the shared clock on: a schedule left active would pay, or fail, in theirs.
            client.post("/api/v1/schedules/" + id + "/cancel");
        }
        // The check's running sum per currency overflowed too (a 500), though the sum itself is zero.
        Response consistency = client.get("/api/v1/audit/consistency");
        assertThat(consistency.status()).isEqualTo(200);
        assertThat(consistency.body().get("balanceSumsByCurrency").get("EUR").asLong()).isZero();
    }

    @Test
    void everyBadRequestIsRejectedWithACodeAndChangesNothing() {
        String taken = unique("taken");
        create(client, daily(taken, Map.of()));
        String yen = unique("yen");
        client.openAccount(yen, "JPY", "u-3", null);
        expect(400, "INVALID_RRULE", () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=SECONDLY"))));
        expect(400, "INVALID_RRULE", () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=DAILY;BYHOUR=9"))));
        // A NUL at the end was trimmed away before the checks and reached PostgreSQL as sent: a 500.
        expect(400, "INVALID_RRULE", () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=DAILY\u0000"))));
        expect(400, "INVALID_RRULE", () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=DAILY\u0001"))));
        expect(400, "INVALID_RRULE", () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=DAILY;;"))));
        expect(400, "INVALID_RRULE",
                () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=DAILY;UNTIL=20271301"))));
        // Yearly on the 13th of every month, or of startDate's month only? The calendar library paid the latter.
        expect(400, "INVALID_RRULE",
                () -> create(client, daily(unique("s"), Map.of("rrule", "FREQ=YEARLY;BYMONTHDAY=13"))));
        expect(400, "INVALID_TIME_ZONE", () -> create(client, daily(unique("s"), Map.of("timeZone", "Mars/Base"))));
        // java.time reads these as zones, but a fixed offset has no daylight saving: runs would drift an hour.
        for (String fixedOffset : List.of("Z", "+01:00", "UTC+01:00", "GMT-5", "SystemV/AST4")) {
            expect(400, "INVALID_TIME_ZONE",
                    () -> create(client, daily(unique("s"), Map.of("timeZone", fixedOffset))));
        }
        expect(400, "INVALID_DATE", () -> create(client, daily(unique("s"), Map.of("startDate", "31.01.2027"))));
        expect(400, "INVALID_TIME", () -> create(client, daily(unique("s"), Map.of("timeOfDay", "25:00"))));
        // Finer than PostgreSQL keeps times: the read model would show it, and every run, rounded.
        expect(400, "INVALID_TIME", () -> create(client, daily(unique("s"), Map.of("timeOfDay", "09:00:00.0000005"))));
        expect(400, "INVALID_SHORT_MONTH_POLICY",
                () -> create(client, daily(unique("s"), Map.of("shortMonthPolicy", "ROUND"))));
        expect(400, "INVALID_RETRY_POLICY", () -> create(client, daily(unique("s"),
                Map.of("retryPolicy", Map.of("delays", List.of("PT1S"))))));
        expect(400, "INVALID_RETRY_POLICY", () -> create(client, daily(unique("s"),
                Map.of("retryPolicy", Map.of("delays", List.of("PT1M0.0000001S"))))));
        expect(400, "INVALID_CATCH_UP_WINDOW", () -> create(client, daily(unique("s"),
                Map.of("catchUpWindow", "PT1H0.0000001S"))));
        expect(400, "UNKNOWN_FIELD", () -> create(client, daily(unique("s"), Map.of("cron", "* * *"))));
        // Named by its whole path, as a wrong type inside retryPolicy is.
        Response nested = create(client, daily(unique("s"), Map.of("retryPolicy", Map.of("bogus", 1))));
        assertThat(nested.code()).isEqualTo("UNKNOWN_FIELD");
        assertThat(nested.body().get("field").asString()).isEqualTo("retryPolicy.bogus");
        assertThat(create(client, daily(unique("s"), Map.of("cron", "* * *"))).body().get("field").asString())
                .isEqualTo("cron");
        expect(400, "INVALID_STATUS", () -> client.get("/api/v1/schedules?status=SLEEPING"));
        expect(400, "INVALID_UNTIL", () -> client.get("/api/v1/accounts/" + payer + "/forecast?until=2001-01-01"));
        expect(404, "SCHEDULE_NOT_FOUND", () -> client.post("/api/v1/schedules/" + unique("none") + "/pause"));
        expect(404, "SCHEDULE_NOT_FOUND", () -> client.get("/api/v1/schedules/" + unique("none") + "/upcoming"));
        expect(404, "ACCOUNT_NOT_FOUND", () -> create(client, daily(unique("s"), Map.of("creditAccountId",
                unique("nobody")))));
        expect(409, "ID_REUSED_WITH_DIFFERENT_PAYLOAD", () -> create(client, daily(taken, Map.of("amount", 7))));
        expect(422, "AMOUNT_MUST_BE_POSITIVE", () -> create(client, daily(unique("s"), Map.of("amount", 0))));
        expect(422, "SAME_ACCOUNT", () -> create(client, daily(unique("s"), Map.of("creditAccountId", payer))));
        expect(422, "CURRENCY_MISMATCH", () -> create(client, daily(unique("s"), Map.of("creditAccountId", yen))));
        expect(422, "NO_FUTURE_OCCURRENCE", () -> create(client, daily(unique("s"),
                Map.of("rrule", "FREQ=DAILY;COUNT=1", "startDate", tomorrow.minusDays(3).toString()))));
        expect(422, "PAUSE_END_MUST_BE_IN_THE_FUTURE", () -> client.post("/api/v1/schedules/" + taken + "/pause",
                Map.of("until", tomorrow.minusDays(1).toString())));
        client.post("/api/v1/schedules/" + taken + "/cancel");
        expect(422, "SCHEDULE_CANCELLED", () -> client.post("/api/v1/schedules/" + taken + "/resume"));
        expect(422, "SCHEDULE_CANCELLED", () -> client.post("/api/v1/schedules/" + taken + "/skip-next"));
    }

    private Map<String, Object> daily(String id, Map<String, ?> overrides) {
        Map<String, Object> request = new HashMap<>(body(id, payer, payee, 100, "FREQ=DAILY", tomorrow, "10:00",
                "Europe/Berlin", Map.of()));
        request.putAll(overrides);
        return request;
    }

    private List<LocalDate> upcoming(String id) {
        return upcoming(id, 5);
    }

    private List<LocalDate> upcoming(String id, int limit) {
        List<LocalDate> dates = new ArrayList<>();
        client.get("/api/v1/schedules/" + id + "/upcoming?limit=" + limit).body().get("items")
                .forEach(item -> dates.add(LocalDate.parse(item.get("date").asString())));
        return dates;
    }

    private List<Long> forecast(String account, LocalDate until) {
        List<Long> balances = new ArrayList<>();
        client.get("/api/v1/accounts/" + account + "/forecast?until=" + until).body().get("items")
                .forEach(day -> balances.add(day.get("balance").asLong()));
        return balances;
    }

    private void expect(int status, String code, Supplier<Response> request) {
        long events = eventCount();
        Response response = request.get();
        assertThat(response.status()).as("status of %s", response.raw().body()).isEqualTo(status);
        assertThat(response.code()).as("code of %s", response.raw().body()).isEqualTo(code);
        assertThat(eventCount()).as("a rejected request records nothing").isEqualTo(events);
    }
}
