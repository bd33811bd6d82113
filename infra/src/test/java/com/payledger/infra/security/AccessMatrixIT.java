package com.payledger.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.Schedules;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint, called by every kind of caller (no key, a client on its own resources, a client on another
 * owner's, an auditor, an admin), answers as the access rules say, and every refused call records nothing.
 */
class AccessMatrixIT extends LedgerHttpTest {

    private static final Set<Integer> OK = Set.of(200);

    /** Who calls: a key, or none. */
    private enum Caller { ANONYMOUS, OWNER, OTHER_OWNER, AUDITOR, ADMIN }

    private record Call(String method, String path, Map<String, ?> body) {
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " " + body);
        }
    }

    private final List<String> wrong = new ArrayList<>();
    private final Map<Caller, LedgerClient> callers = new LinkedHashMap<>();
    private String owner;
    private String other;
    private String account;
    private String othersAccount;
    private String transfer;
    private String othersTransfer;
    private String incomingTransfer;
    private String schedule;
    private String othersSchedule;

    @BeforeEach
    void twoOwnersWithMoneyAndSchedules() {
        owner = unique("owner");
        other = unique("other");
        String bank = unique("bank");
        client.openAccount(bank, "EUR", unique("treasury"), "EXTERNAL");
        account = open(owner);
        String account2 = open(owner);
        othersAccount = open(other);
        String othersAccount2 = open(other);
        for (String funded : List.of(account, othersAccount)) {
            assertThat(client.transfer(unique("fund"), bank, funded, 10_000, "EUR").status()).isEqualTo(201);
        }
        transfer = posted(account, account2);
        othersTransfer = posted(othersAccount, othersAccount2);
        incomingTransfer = posted(othersAccount, account);
        schedule = scheduled(owner, account, othersAccount);
        othersSchedule = scheduled(other, othersAccount, account);
        callers.put(Caller.ANONYMOUS, client.anonymous());
        callers.put(Caller.OWNER, client.withKey(client.clientKey(owner)));
        callers.put(Caller.OTHER_OWNER, client.withKey(client.clientKey(other)));
        callers.put(Caller.AUDITOR, client.withKey(client.auditorKey()));
        callers.put(Caller.ADMIN, client.withKey(LedgerClient.TEST_ADMIN_KEY));
    }

    /**
     * A path or method that names no endpoint is the same mistake for every role: an ADMIN key had 403 where a CLIENT
     * key had 404 or 405. An endpoint the role may not call stays 403.
     */
    @Test
    void givenNoSuchPathOrMethod_whenAnyKeyCallsIt_thenNotFoundOrMethodNotAllowedAlike() {
        for (Caller caller : List.of(Caller.OWNER, Caller.AUDITOR, Caller.ADMIN)) {
            LedgerClient as = callers.get(caller);
            Response put = as.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts/" + account))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertThat(put.status()).as(caller + " " + put.raw().body()).isEqualTo(405);
            assertThat(put.code()).isEqualTo("METHOD_NOT_ALLOWED");
            assertThat(put.raw().headers().firstValue("Allow")).as(caller.toString()).hasValueSatisfying(allow ->
                    assertThat(allow).contains("GET", "PATCH"));
            for (String path : List.of("/api/v1/acounts", "/api/v1/admin/nothing-here")) {
                Response missing = as.get(path);
                assertThat(missing.status()).as(caller + " " + path).isEqualTo(404);
                assertThat(missing.code()).isEqualTo("NOT_FOUND");
                assertThat(missing.body().get("detail").asString()).isEqualTo("no endpoint has this path");
            }
        }
        assertThat(callers.get(Caller.ADMIN).post("/api/v1/transfers", Map.of()).code()).isEqualTo("FORBIDDEN");
        assertThat(callers.get(Caller.OWNER).get("/api/v1/admin/api-keys").code()).isEqualTo("FORBIDDEN");
        assertThat(callers.get(Caller.AUDITOR).get("/actuator/metrics").code()).isEqualTo("FORBIDDEN");
    }

    @Test
    void everyReadAnswersItsOwnerAndAuditorsAndHidesItFromOtherOwners() {
        for (String path : List.of("/api/v1/accounts/%s", "/api/v1/accounts/%s/entries",
                "/api/v1/accounts/%s/balance", "/api/v1/accounts/%s/forecast")) {
            read(path.formatted(account));
        }
        read("/api/v1/transfers/" + transfer);
        read("/api/v1/schedules/" + schedule);
        read("/api/v1/schedules/" + schedule + "/occurrences");
        read("/api/v1/schedules/" + schedule + "/upcoming");
        // A transfer into an owner's account is that owner's too: it is on its statement.
        expect(Caller.OWNER, get("/api/v1/transfers/" + incomingTransfer), OK);
        expect(Caller.OWNER, get("/api/v1/transfers/" + othersTransfer), Set.of(404));

        assertThat(wrong).isEmpty();
    }

    @Test
    void scheduleListingsShowAClientOnlyItsOwnOwners() {
        assertThat(scheduleIds(Caller.OWNER, "/api/v1/schedules")).contains(schedule).doesNotContain(othersSchedule);
        assertThat(scheduleIds(Caller.OWNER, "/api/v1/schedules?ownerId=" + other)).isEmpty();
        assertThat(scheduleIds(Caller.AUDITOR, "/api/v1/schedules?ownerId=" + other)).containsExactly(othersSchedule);
        expect(Caller.ANONYMOUS, get("/api/v1/schedules"), Set.of(401));
        expect(Caller.ADMIN, get("/api/v1/schedules"), Set.of(403));
        assertThat(wrong).isEmpty();
    }

    @Test
    void commandsAreForClientsOnItsOwnMoneyAndRecordNothingOtherwise() {
        Map<String, Object> ownAccount = Map.of("id", unique("new"), "ownerId", owner, "currency", "EUR");
        refusedToNonClients(new Call("POST", "/api/v1/accounts", ownAccount));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", ownAccount), Set.of(201));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", Map.of("id", unique("new"), "ownerId", other,
                "currency", "EUR")), Set.of(403));
        // An EXTERNAL account may fall without limit: a client that opened one could pay anyone with money that
        // nothing backs. The operator opens it for the owner, and may open nothing else.
        Map<String, Object> external = Map.of("id", unique("ext"), "ownerId", owner, "currency", "EUR",
                "type", "EXTERNAL");
        expect(Caller.ANONYMOUS, new Call("POST", "/api/v1/accounts", external), Set.of(401));
        expect(Caller.AUDITOR, new Call("POST", "/api/v1/accounts", external), Set.of(403));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", external), Set.of(403));
        expect(Caller.ADMIN, new Call("POST", "/api/v1/accounts", external), Set.of(201));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", external), Set.of(403));
        // An overdraft is credit too: a client that granted itself one, on as many accounts as it liked, paid
        // others with money nothing backed while every sum stayed zero.
        Map<String, Object> overdrawn = Map.of("id", unique("od"), "ownerId", owner, "currency", "EUR",
                "overdraftLimit", 1_000_000);
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", overdrawn), Set.of(403));
        assertThat(send(callers.get(Caller.OWNER), new Call("POST", "/api/v1/accounts", overdrawn)).code())
                .isEqualTo("OVERDRAFT_NEEDS_OPERATOR");
        expect(Caller.AUDITOR, new Call("POST", "/api/v1/accounts", overdrawn), Set.of(403));
        expect(Caller.ADMIN, new Call("POST", "/api/v1/accounts", overdrawn), Set.of(201));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts", overdrawn), Set.of(201));

        String empty = open(owner);
        String othersEmpty = open(other);
        refusedToNonClients(new Call("POST", "/api/v1/accounts/" + empty + "/close", null));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts/" + othersEmpty + "/close", null), Set.of(404));
        expect(Caller.OWNER, new Call("POST", "/api/v1/accounts/" + empty + "/close", null), OK);

        refusedToNonClients(transferCall(account, othersAccount));
        expect(Caller.OWNER, transferCall(othersAccount, account), Set.of(404));
        // Crediting another owner's account is how a client pays it.
        expect(Caller.OWNER, transferCall(account, othersAccount), Set.of(201));

        Map<String, Object> ownSchedule = scheduleBody(owner, account, othersAccount);
        refusedToNonClients(new Call("POST", "/api/v1/schedules", ownSchedule));
        expect(Caller.OWNER, new Call("POST", "/api/v1/schedules", scheduleBody(other, othersAccount, account)),
                Set.of(403));
        expect(Caller.OWNER, new Call("POST", "/api/v1/schedules", scheduleBody(owner, othersAccount, account)),
                Set.of(404));
        expect(Caller.OWNER, new Call("POST", "/api/v1/schedules", ownSchedule), Set.of(201));

        for (Call change : scheduleChanges(othersSchedule)) {
            refusedToNonClients(change);
            expect(Caller.OWNER, change, Set.of(404));
        }
        for (Call change : scheduleChanges(schedule)) {
            expect(Caller.OWNER, change, OK);
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void auditEndpointsAreForAuditorsOnly() {
        for (String path : List.of("/api/v1/audit/events", "/api/v1/audit/accounts/" + account + "/events",
                "/api/v1/audit/export", "/api/v1/audit/checkpoints", "/api/v1/audit/public-key",
                "/api/v1/audit/consistency", "/api/v1/audit/verification")) {
            auditorOnly(get(path), OK);
        }
        // A checkpoint or a proof may not exist yet: any answer past the security layer will do.
        auditorOnly(get("/api/v1/audit/checkpoints/latest"), Set.of(200, 404));
        auditorOnly(get("/api/v1/audit/proofs/inclusion?position=0&treeSize=1"), Set.of(200, 400, 404));
        auditorOnly(get("/api/v1/audit/proofs/consistency?from=1&to=2"), Set.of(200, 400, 404));
        assertThat(wrong).isEmpty();
    }

    @Test
    void operationsAreForAdminsOnlyAndHealthAndTheDescriptionForEverybody() {
        adminOnly(get("/api/v1/admin/api-keys"), OK);
        adminOnly(new Call("POST", "/api/v1/admin/api-keys", Map.of("role", "AUDITOR")), Set.of(201));
        adminOnly(new Call("DELETE", "/api/v1/admin/api-keys/" + java.util.UUID.randomUUID(), null), Set.of(404));
        // An unknown projection proves the call got past the security layer without starting a rebuild.
        adminOnly(new Call("POST", "/api/v1/admin/projections/" + unique("none") + "/rebuild", null), Set.of(404));
        adminOnly(get("/api/v1/admin/projections/projection-accounts/rebuild"), Set.of(200, 404));
        adminOnly(get("/api/v1/admin/projections/rebuild"), OK);
        adminOnly(get("/api/v1/admin/accounts/" + unique("none")), Set.of(404));
        adminOnly(new Call("POST", "/api/v1/admin/audit-log/repair", null), OK);
        // Rebuilds every read model for real (a rebuild takes writes throughout), or finds one running.
        adminOnly(new Call("POST", "/api/v1/admin/projections/rebuild", null), Set.of(202, 409));
        adminOnly(get("/actuator/metrics"), OK);
        adminOnly(get("/actuator/info"), OK);
        for (Caller caller : Caller.values()) {
            expect(caller, get("/actuator/health"), OK);
            expect(caller, get("/v3/api-docs"), OK);
        }
        assertThat(wrong).isEmpty();
    }

    // --- the rules, as expectations per caller ---

    private void read(String ownPath) {
        String othersPath = ownPath.replace(account, othersAccount).replace(transfer, othersTransfer)
                .replace(schedule, othersSchedule);
        expect(Caller.ANONYMOUS, get(ownPath), Set.of(401));
        expect(Caller.OWNER, get(ownPath), OK);
        expect(Caller.OWNER, get(othersPath), Set.of(404));
        expect(Caller.OTHER_OWNER, get(ownPath), Set.of(404));
        expect(Caller.AUDITOR, get(ownPath), OK);
        expect(Caller.AUDITOR, get(othersPath), OK);
        expect(Caller.ADMIN, get(ownPath), Set.of(403));
        // HEAD is answered like GET; an auditor's used to fall to the clients' rule and get 403.
        Map.of(Caller.ANONYMOUS, 401, Caller.OWNER, 200, Caller.OTHER_OWNER, 404, Caller.AUDITOR, 200,
                Caller.ADMIN, 403).forEach((caller, status) -> {
                    LedgerClient as = callers.get(caller);
                    int answered = as.send(HttpRequest.newBuilder(URI.create(as.baseUrl() + ownPath))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())).status();
                    if (answered != status) {
                        wrong.add(caller + " HEAD " + ownPath + " answered " + answered + ", expected " + status);
                    }
                });
    }

    private void refusedToNonClients(Call call) {
        expect(Caller.ANONYMOUS, call, Set.of(401));
        expect(Caller.AUDITOR, call, Set.of(403));
        expect(Caller.ADMIN, call, Set.of(403));
    }

    private void auditorOnly(Call call, Set<Integer> auditorAnswers) {
        expect(Caller.ANONYMOUS, call, Set.of(401));
        expect(Caller.OWNER, call, Set.of(403));
        expect(Caller.ADMIN, call, Set.of(403));
        expect(Caller.AUDITOR, call, auditorAnswers);
    }

    private void adminOnly(Call call, Set<Integer> adminAnswers) {
        expect(Caller.ANONYMOUS, call, Set.of(401));
        expect(Caller.OWNER, call, Set.of(403));
        expect(Caller.AUDITOR, call, Set.of(403));
        expect(Caller.ADMIN, call, adminAnswers);
    }

    /** Records a mismatch instead of stopping, so one run shows every wrong answer; a refusal records nothing. */
    private void expect(Caller caller, Call call, Set<Integer> statuses) {
        long eventsBefore = eventCount();
        Response response = send(callers.get(caller), call);
        if (!statuses.contains(response.status())) {
            wrong.add(caller + " " + call + " answered " + response.status() + ", expected " + statuses + ": "
                    + response.raw().body());
            return;
        }
        if (response.status() >= 400) {
            if (!response.contentType().startsWith("application/problem+json") || response.code() == null) {
                wrong.add(caller + " " + call + " refused without a problem+json code: " + response.raw().body());
            }
            if (eventCount() != eventsBefore) {
                wrong.add(caller + " " + call + " was refused but recorded events");
            }
        }
    }

    private static Response send(LedgerClient caller, Call call) {
        return switch (call.method()) {
            case "GET" -> caller.get(call.path());
            case "DELETE" -> caller.delete(call.path());
            case "PATCH" -> caller.patch(call.path(), call.body());
            case "POST" -> call.body() == null ? caller.post(call.path()) : caller.post(call.path(), call.body());
            default -> throw new IllegalArgumentException(call.method());
        };
    }

    // --- fixtures ---

    private static Call get(String path) {
        return new Call("GET", path, null);
    }

    private String open(String ownerId) {
        String id = unique("acc");
        assertThat(client.openAccount(id, "EUR", ownerId, null).status()).isEqualTo(201);
        return id;
    }

    private String posted(String debit, String credit) {
        String id = unique("t");
        assertThat(client.transfer(id, debit, credit, 100, "EUR").status()).isEqualTo(201);
        return id;
    }

    private String scheduled(String ownerId, String debit, String credit) {
        Map<String, Object> body = scheduleBody(ownerId, debit, credit);
        assertThat(Schedules.create(client, body).status()).isEqualTo(201);
        return (String) body.get("id");
    }

    private static Call transferCall(String debit, String credit) {
        return new Call("POST", "/api/v1/transfers", Map.of("id", unique("t"), "debitAccountId", debit,
                "creditAccountId", credit, "amount", 1, "currency", "EUR"));
    }

    private static Map<String, Object> scheduleBody(String ownerId, String debit, String credit) {
        Map<String, Object> body = new HashMap<>(Schedules.body(unique("s"), debit, credit, 100, "FREQ=DAILY",
                Schedules.today().plusDays(1), "10:00", "Europe/Berlin", Map.of()));
        body.put("ownerId", ownerId);
        return body;
    }

    /** Each change a client may make to a schedule, in an order in which each succeeds on an active one. */
    private static List<Call> scheduleChanges(String id) {
        String path = "/api/v1/schedules/" + id;
        return List.of(new Call("POST", path + "/pause", null), new Call("POST", path + "/resume", null),
                new Call("POST", path + "/skip-next", null), new Call("PATCH", path, Map.of("amount", 150)),
                new Call("POST", path + "/cancel", null));
    }

    private List<String> scheduleIds(Caller caller, String path) {
        Response listed = callers.get(caller).get(path);
        assertThat(listed.status()).as(listed.raw().body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        listed.body().get("items").forEach(item -> ids.add(item.get("id").asString()));
        return ids;
    }
}
