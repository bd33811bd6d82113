package com.payledger.infra.support;

import com.payledger.infra.support.LedgerClient.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Schedule requests and waits that the schedule tests share. */
public final class Schedules {

    private Schedules() {
    }

    /**
     * A schedule body paying {@code amount} EUR minor units from debit to credit; {@code extra} overrides fields.
     * Without an ownerId in {@code extra}, {@link #create} gives it the debit account's owner, as a client must.
     */
    public static Map<String, Object> body(String id, String debit, String credit, long amount, String rrule,
                                           LocalDate startDate, String timeOfDay, String timeZone,
                                           Map<String, ?> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "debitAccountId", debit,
                "creditAccountId", credit, "amount", amount, "currency", "EUR", "rrule", rrule,
                "startDate", startDate.toString(), "timeOfDay", timeOfDay, "timeZone", timeZone));
        body.put("description", "scheduled " + id);
        body.putAll(extra);
        return body;
    }

    public static Response create(LedgerClient client, Map<String, Object> body) {
        Map<String, Object> complete = new HashMap<>(body);
        if (!complete.containsKey("ownerId") && complete.get("debitAccountId") instanceof String debit) {
            complete.put("ownerId", client.accountOwner(debit));
        }
        return client.post("/api/v1/schedules", complete);
    }

    public static LocalDate today() {
        return LocalDate.ofInstant(TestClock.INSTANCE.instant(), ZoneOffset.UTC);
    }

    /** Waits until the occurrence on {@code date} has {@code status} and returns it. */
    public static JsonNode awaitOccurrence(LedgerClient client, String scheduleId, LocalDate date, String status) {
        return Eventually.await(() -> occurrence(client, scheduleId, date),
                occurrence -> occurrence != null && status.equals(occurrence.get("status").asString()),
                Duration.ofSeconds(30), scheduleId + " occurrence " + date + " to be " + status);
    }

    public static JsonNode occurrence(LedgerClient client, String scheduleId, LocalDate date) {
        JsonNode items = client.get("/api/v1/schedules/" + scheduleId + "/occurrences?limit=500").body().get("items");
        for (JsonNode item : items) {
            if (date.toString().equals(item.get("date").asString())) {
                return item;
            }
        }
        return null;
    }

    public static JsonNode schedule(LedgerClient client, String scheduleId) {
        return client.get("/api/v1/schedules/" + scheduleId).body();
    }
}
