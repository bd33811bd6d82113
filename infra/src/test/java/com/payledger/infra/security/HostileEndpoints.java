package com.payledger.infra.security;

import static com.payledger.infra.security.HostileRequests.Caller.ADMIN;
import static com.payledger.infra.security.HostileRequests.Caller.AUDITOR;
import static com.payledger.infra.security.HostileRequests.Caller.OWNER;
import static com.payledger.infra.security.HostileRequests.Caller.READER;

import com.payledger.infra.security.HostileRequests.Caller;
import com.payledger.infra.security.HostileRequests.Endpoint;
import com.payledger.infra.security.HostileRequests.Field;
import com.payledger.infra.security.HostileRequests.Fixture;
import com.payledger.infra.security.HostileRequests.Param;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every endpoint of the API with its valid request: the methods and paths of the controllers, the role that may
 * call each, its query parameters and the fields of its body with hostile tokens made for their types.
 */
final class HostileEndpoints {

    private static final List<String> NONE = List.of();
    private static final List<Param> NO_PARAMS = List.of();

    private final HostileRequests requests;
    private final HostileValues values;
    private final Fixture fixture;

    HostileEndpoints(HostileRequests requests, Fixture fixture) {
        this.requests = requests;
        this.values = requests.values();
        this.fixture = fixture;
    }

    List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        all.addAll(commands());
        all.addAll(reads());
        all.addAll(audit());
        all.addAll(admin());
        return all;
    }

    private List<Endpoint> commands() {
        String schedule = fixture.scheduleId();
        return List.of(
                endpoint("POST", "/api/v1/accounts", null, OWNER, NO_PARAMS, this::openAccount, 10),
                endpoint("POST", "/api/v1/accounts/{id}/close", null, OWNER, NO_PARAMS, null, 3),
                endpoint("POST", "/api/v1/transfers", null, OWNER, NO_PARAMS, this::transfer, 12),
                endpoint("POST", "/api/v1/schedules", null, OWNER, NO_PARAMS, this::schedule, 12),
                endpoint("POST", "/api/v1/schedules/{id}/pause", schedule, OWNER, NO_PARAMS, this::pause, 4),
                endpoint("POST", "/api/v1/schedules/{id}/pause", null, OWNER, NO_PARAMS, null, 2),
                endpoint("POST", "/api/v1/schedules/{id}/resume", null, OWNER, NO_PARAMS, null, 2),
                endpoint("POST", "/api/v1/schedules/{id}/skip-next", null, OWNER, NO_PARAMS, null, 2),
                endpoint("POST", "/api/v1/schedules/{id}/skip-next", schedule, OWNER, NO_PARAMS, this::skip, 3),
                endpoint("POST", "/api/v1/schedules/{id}/cancel", null, OWNER, NO_PARAMS, null, 2),
                endpoint("PATCH", "/api/v1/schedules/{id}", schedule, OWNER, NO_PARAMS, this::changeAmount, 5),
                endpoint("PATCH", "/api/v1/schedules/{id}", null, OWNER, NO_PARAMS, this::changeAmount, 2));
    }

    private List<Endpoint> reads() {
        String payer = fixture.payer();
        String schedule = fixture.scheduleId();
        List<Param> page = List.of(param("limit", HostileValues.INTEGERS), param("cursor", NONE));
        return List.of(
                endpoint("GET", "/api/v1/accounts/{id}", payer, READER, NO_PARAMS, null, 3),
                endpoint("GET", "/api/v1/accounts/{id}/entries", payer, READER, List.of(
                        param("limit", HostileValues.INTEGERS), param("cursor", NONE),
                        param("from", HostileValues.INSTANTS), param("to", HostileValues.INSTANTS)), null, 5),
                endpoint("GET", "/api/v1/accounts/{id}/balance", payer, READER,
                        List.of(param("asOf", HostileValues.INSTANTS)), null, 4),
                endpoint("GET", "/api/v1/accounts/{id}/forecast", payer, READER,
                        List.of(param("until", HostileValues.DATES)), null, 4),
                endpoint("GET", "/api/v1/transfers/{id}", fixture.transferId(), READER, NO_PARAMS, null, 3),
                endpoint("GET", "/api/v1/schedules", null, READER, List.of(
                        param("ownerId", HostileValues.STRINGS), param("status", HostileValues.STATUSES),
                        param("limit", HostileValues.INTEGERS), param("cursor", NONE)), null, 5),
                endpoint("GET", "/api/v1/schedules/{id}", schedule, READER, NO_PARAMS, null, 3),
                endpoint("GET", "/api/v1/schedules/{id}/occurrences", schedule, READER, page, null, 4),
                endpoint("GET", "/api/v1/schedules/{id}/upcoming", schedule, READER,
                        List.of(param("limit", HostileValues.INTEGERS)), null, 4));
    }

    private List<Endpoint> audit() {
        List<Param> trail = List.of(param("after", HostileValues.INTEGERS), param("limit", HostileValues.INTEGERS));
        List<String> small = new ArrayList<>(List.of("1"));
        small.addAll(HostileValues.INTEGERS);
        return List.of(
                endpoint("GET", "/api/v1/audit/events", null, AUDITOR, trail, null, 4),
                endpoint("GET", "/api/v1/audit/accounts/{id}/events", fixture.payer(), AUDITOR, trail, null, 4),
                // "to" is always sent: an export without it covers the whole log, which takes long to stream.
                endpoint("GET", "/api/v1/audit/export", null, AUDITOR, List.of(param("from", HostileValues.INTEGERS),
                        new Param("to", small, true)), null, 3),
                endpoint("GET", "/api/v1/audit/checkpoints", null, AUDITOR,
                        List.of(param("limit", HostileValues.INTEGERS)), null, 2),
                endpoint("GET", "/api/v1/audit/checkpoints/latest", null, AUDITOR, NO_PARAMS, null, 1),
                endpoint("GET", "/api/v1/audit/public-key", null, AUDITOR, NO_PARAMS, null, 1),
                endpoint("GET", "/api/v1/audit/proofs/inclusion", null, AUDITOR, List.of(
                        param("position", HostileValues.INTEGERS), param("treeSize", HostileValues.INTEGERS)), null, 4),
                endpoint("GET", "/api/v1/audit/proofs/consistency", null, AUDITOR, List.of(
                        param("from", HostileValues.INTEGERS), param("to", HostileValues.INTEGERS)), null, 4),
                // The log-wide checks fold or hash the whole event store: only in the every-kind-once round.
                endpoint("GET", "/api/v1/audit/consistency", null, AUDITOR, NO_PARAMS, null, 0),
                endpoint("GET", "/api/v1/audit/verification", null, AUDITOR, NO_PARAMS, null, 0));
    }

    private List<Endpoint> admin() {
        return List.of(
                endpoint("POST", "/api/v1/admin/api-keys", null, ADMIN, NO_PARAMS, this::apiKey, 6),
                endpoint("GET", "/api/v1/admin/api-keys", null, ADMIN, NO_PARAMS, null, 1),
                endpoint("DELETE", "/api/v1/admin/api-keys/{id}", null, ADMIN, NO_PARAMS, null, 2),
                endpoint("POST", "/api/v1/admin/projections/{id}/rebuild", null, ADMIN, NO_PARAMS, null, 2),
                endpoint("GET", "/api/v1/admin/projections/{id}/rebuild", null, ADMIN, NO_PARAMS, null, 2),
                // Each call that gets through rebuilds every read model: only in the every-kind-once round.
                endpoint("POST", "/api/v1/admin/projections/rebuild", null, ADMIN, NO_PARAMS, null, 0),
                endpoint("GET", "/api/v1/admin/projections/rebuild", null, ADMIN, NO_PARAMS, null, 1),
                endpoint("POST", "/api/v1/admin/audit-log/repair", null, ADMIN, NO_PARAMS, null, 1),
                endpoint("PATCH", "/api/v1/accounts/{id}", null, ADMIN, NO_PARAMS, this::overdraftLimit, 3));
    }

    private List<Field> openAccount() {
        return List.of(
                field("id", string(requests.freshId("fz-acc")), ids()),
                field("currency", string("EUR"), strings(HostileValues.CURRENCIES)),
                field("ownerId", string(fixture.owner()), strings(HostileValues.STRINGS)),
                field("type", string("STANDARD"), strings(List.of("SAVINGS", "standard", "EXTERNAL", "", "STANDARD "))),
                field("overdraftLimit", "0", HostileValues.NUMBERS),
                field("name", string("fuzzed account"), strings(HostileValues.STRINGS)),
                field("metadata", "{\"k\":\"v\"}", metadata()));
    }

    private List<Field> transfer() {
        return List.of(
                field("id", string(requests.freshId("fz-t")), withTaken(ids(), fixture.transferId())),
                field("debitAccountId", string(fixture.payer()), withTaken(ids(), fixture.payee())),
                field("creditAccountId", string(fixture.payee()), withTaken(ids(), fixture.payer())),
                field("amount", "1", HostileValues.NUMBERS),
                field("currency", string("EUR"), strings(HostileValues.CURRENCIES)),
                field("description", string("fuzzed transfer"), strings(HostileValues.STRINGS)),
                field("metadata", "{\"k\":\"v\"}", metadata()));
    }

    private List<Field> schedule() {
        String start = LocalDate.parse(fixture.today()).plusDays(300).toString();
        return List.of(
                field("id", string(requests.freshId("fz-s")), withTaken(ids(), fixture.scheduleId())),
                field("ownerId", string(fixture.owner()), strings(HostileValues.STRINGS)),
                field("debitAccountId", string(fixture.payer()), withTaken(ids(), fixture.payee())),
                field("creditAccountId", string(fixture.payee()), withTaken(ids(), fixture.payer())),
                field("amount", "1", HostileValues.NUMBERS),
                field("currency", string("EUR"), strings(HostileValues.CURRENCIES)),
                field("description", string("fuzzed schedule"), strings(HostileValues.STRINGS)),
                field("rrule", string("FREQ=MONTHLY"), strings(HostileValues.RRULES)),
                field("startDate", string(start), strings(HostileValues.DATES)),
                field("timeOfDay", string("10:00"), strings(HostileValues.TIMES)),
                field("timeZone", string("Europe/Berlin"), strings(HostileValues.ZONES)),
                field("shortMonthPolicy", string("CLAMP"), strings(List.of("ROUND", "clamp", "", "SKIP\u0000"))),
                field("catchUpPolicy", string("SKIP"), strings(List.of("NEVER", "skip", "RUN_ALL ", ""))),
                field("catchUpWindow", string("P7D"), strings(HostileValues.DURATIONS)),
                field("retryPolicy", "{\"delays\":[\"PT1H\"],\"suspendAfterAbandoned\":3}", retryPolicies()));
    }

    private List<Field> pause() {
        String until = LocalDate.parse(fixture.today()).plusDays(400).toString();
        return List.of(field("until", string(until), strings(HostileValues.DATES)));
    }

    /** A valid date that is never the schedule's next occurrence: the base request is a 409 that skips nothing. */
    private List<Field> skip() {
        String notNext = LocalDate.parse(fixture.today()).plusDays(4000).toString();
        return List.of(field("occurrence", string(notNext), strings(HostileValues.DATES)));
    }

    private List<Field> changeAmount() {
        return List.of(field("amount", "2", HostileValues.NUMBERS));
    }

    private List<Field> overdraftLimit() {
        return List.of(field("overdraftLimit", "0", HostileValues.NUMBERS));
    }

    private List<Field> apiKey() {
        return List.of(
                field("role", string("CLIENT"), strings(List.of("client", "ROOT", "ADMIN ", "", "CLIENT\u0000",
                        "ROLE_ADMIN", "AUDITOR,ADMIN"))),
                field("ownerId", string(fixture.owner()), strings(HostileValues.STRINGS)),
                field("name", string("fuzzed key"), strings(HostileValues.STRINGS)));
    }

    private List<String> ids() {
        return strings(List.of("has space", "x".repeat(65), "-leading", "a/b", "ä", "", "\u0000", "a\u0000",
                "'; drop table read_model.accounts; --", "../x", "%2F", "a\nb"));
    }

    private static List<String> withTaken(List<String> pool, String taken) {
        List<String> with = new ArrayList<>(pool);
        with.add("\"" + taken + "\"");
        return with;
    }

    private List<String> metadata() {
        return List.of("{\"k\":\"\\u0000\"}", "{\"\":\"v\"}", "{\"k\":\"" + "v".repeat(513) + "\"}", "{\"k\":1}",
                "{\"k\":null}", "{\"k\":{\"n\":1}}", "{\"k\":[\"v\"]}", manyEntries(33), "{\"k\":\"<script>\"}",
                "{\"" + "k".repeat(65) + "\":\"v\"}", "{\"\\ud83d\":\"v\"}", "[]", "\"k=v\"");
    }

    private List<String> retryPolicies() {
        return List.of("{\"delays\":[]}", "{\"delays\":[\"PT1S\"]}", "{\"delays\":[\"P31D\"]}",
                "{\"delays\":[" + "\"PT1H\",".repeat(10) + "\"PT1H\"]}", "{\"delays\":[null]}",
                "{\"delays\":\"PT1H\"}", "{\"suspendAfterAbandoned\":0}", "{\"suspendAfterAbandoned\":101}",
                "{\"suspendAfterAbandoned\":2147483648}", "{\"suspendAfterAbandoned\":1.5}", "{\"other\":1}", "[]");
    }

    private static String manyEntries(int count) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        return json.append('}').toString();
    }

    private List<String> strings(List<String> raw) {
        return raw.stream().map(values::jsonString).toList();
    }

    private String string(String value) {
        return values.jsonString(value);
    }

    private static Field field(String name, String token, List<String> pool) {
        return new Field(name, token, pool);
    }

    private static Param param(String name, List<String> pool) {
        return new Param(name, pool, false);
    }

    private static Endpoint endpoint(String method, String path, String validId, Caller caller, List<Param> params,
                                     Supplier<List<Field>> body, int weight) {
        return new Endpoint(method, path, validId, caller, params, body, weight);
    }
}
