package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;

/** Health and the OpenAPI description are served, and the description names every endpoint of the contract. */
class OperationsIT extends LedgerHttpTest {

    @Autowired
    private RequestMappingHandlerAdapter handlers;

    @Test
    void givenTheAuditExport_whenItStreamsForLong_thenNoTimeLimitCutsItOff() {
        // The export is the one asynchronous answer. Spring's default limit, 30 s, ended a long range (with proofs,
        // about 750 events/s) early as a normal 200; verify-export then failed it. No limit, as the service sets it:
        assertThat(ReflectionTestUtils.getField(handlers, "asyncRequestTimeout")).isEqualTo(-1L);
    }

    @Test
    void healthIsUp() {
        Response health = client.anonymous().get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        // Anonymous callers learn the status only; an admin sees the components.
        assertThat(health.body().has("components")).isFalse();
        assertThat(client.withKey(LedgerClient.TEST_ADMIN_KEY).get("/actuator/health")
                .body().has("components")).isTrue();
        // A load balancer may probe with HEAD: it answered 401 to anonymous callers, 403 to a client's key.
        for (String probe : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            for (LedgerClient caller : List.of(client.anonymous(), client)) {
                Response head = caller.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + probe))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
                assertThat(head.status()).as("HEAD " + probe).isEqualTo(200);
            }
        }
    }

    @Test
    void theOpenApiDescriptionCoversTheContract() {
        Response description = client.anonymous().get("/v3/api-docs");

        assertThat(description.status()).isEqualTo(200);
        assertThat(description.body().get("paths").propertyNames()).contains(
                "/api/v1/accounts", "/api/v1/accounts/{id}", "/api/v1/accounts/{id}/close",
                "/api/v1/accounts/{id}/entries", "/api/v1/transfers", "/api/v1/transfers/{id}",
                "/api/v1/schedules", "/api/v1/schedules/{id}", "/api/v1/schedules/{id}/pause",
                "/api/v1/schedules/{id}/resume", "/api/v1/schedules/{id}/skip-next", "/api/v1/schedules/{id}/cancel",
                "/api/v1/schedules/{id}/occurrences", "/api/v1/schedules/{id}/upcoming",
                "/api/v1/accounts/{id}/forecast", "/api/v1/accounts/{id}/balance", "/api/v1/audit/events",
                "/api/v1/audit/accounts/{id}/events", "/api/v1/audit/consistency", "/api/v1/audit/verification",
                "/api/v1/audit/checkpoints/latest", "/api/v1/audit/checkpoints", "/api/v1/audit/public-key",
                "/api/v1/audit/proofs/inclusion", "/api/v1/audit/proofs/consistency", "/api/v1/audit/export",
                "/api/v1/admin/projections/{name}/rebuild", "/api/v1/admin/projections/rebuild",
                "/api/v1/admin/api-keys", "/api/v1/admin/api-keys/{id}", "/api/v1/admin/audit-log/repair");
        assertThat(client.anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
        // Every operation needs the bearer key; the caller's read scope is never a parameter a client sends.
        JsonNode api = description.body();
        assertThat(api.get("components").get("securitySchemes").get("apiKey").get("scheme").asString())
                .isEqualTo("bearer");
        assertThat(api.get("security").toString()).contains("apiKey");
        assertThat(api.get("paths").toString()).doesNotContain("\"reader\"").contains("\"401\"", "\"429\"");
        assertThat(api.get("info").get("description").asString()).contains("**Limits.**", "65536 bytes",
                "at most 32 string entries", "1 to 500");
        // Both rebuild POSTs answer 202 through ResponseEntity.accepted(), which springdoc does not see by itself.
        for (String rebuild : new String[] {"/api/v1/admin/projections/rebuild",
                "/api/v1/admin/projections/{name}/rebuild"}) {
            assertThat(api.get("paths").get(rebuild).get("post").get("responses").propertyNames()).as(rebuild)
                    .contains("202").doesNotContain("200");
        }
        // The codes the description once left out, each under the status it comes with.
        JsonNode responses = api.get("paths").get("/api/v1/schedules").get("post").get("responses");
        assertThat(responses.get("400").get("description").asString()).contains("UNREADABLE_BODY", "INVALID_TEXT",
                "INVALID_METADATA", "INVALID_ACCOUNT_TYPE", "INVALID_OVERDRAFT_LIMIT", "INVALID_SHORT_MONTH_POLICY",
                "INVALID_CATCH_UP_POLICY", "INVALID_CATCH_UP_WINDOW", "BAD_REQUEST");
        assertThat(responses.get("405").get("description").asString()).contains("METHOD_NOT_ALLOWED");
        assertThat(responses.get("500").get("description").asString())
                .contains("INTERNAL_ERROR", "EVENT_STORE_UNREADABLE");
        assertThat(responses.get("503").get("description").asString()).contains("SERVICE_BUSY")
                .contains("DATABASE_CONNECTION_LOST");
        // Two response records share a simple name; each operation must still describe its own answer.
        assertThat(responseProperties(api, "/api/v1/audit/consistency")).contains("consistent", "drifts");
        assertThat(responseProperties(api, "/api/v1/audit/verification")).contains("intact", "leavesChecked");
        assertThat(responseProperties(api, "/api/v1/accounts")).containsExactly("items", "nextCursor");
        // An audit item's payload and metadata are the stored JSON, or null where the stored text is not a JSON object.
        JsonNode auditEvent = api.get("components").get("schemas").get("AuditEventView").get("properties");
        assertThat(auditEvent.get("payload").get("type").toString()).isEqualTo("[\"object\",\"null\"]");
        assertThat(auditEvent.get("metadata").get("type").toString()).isEqualTo("[\"object\",\"null\"]");
    }

    /** The conditional requests: If-Match on the changes that evaluate it, ETag and 304 on the reads that give one. */
    @Test
    void theOpenApiDescriptionGivesEveryConditionalRequestItsHeaders() {
        JsonNode api = client.anonymous().get("/v3/api-docs").body();

        // The operator's conditional change: If-Match in, 412 out, and the ETag it takes on the read.
        JsonNode change = api.get("paths").get("/api/v1/accounts/{id}").get("patch");
        assertThat(change.get("parameters").toString()).contains("\"If-Match\"", "\"header\"");
        assertThat(change.get("responses").get("412").get("description").asString()).contains("PRECONDITION_FAILED");
        assertThat(change.get("responses").get("400").get("description").asString()).contains("INVALID_IF_MATCH");
        assertThat(change.get("responses").get("200").get("headers").propertyNames()).contains("ETag");
        for (String read : List.of("/api/v1/accounts/{id}", "/api/v1/schedules/{id}", "/api/v1/admin/accounts/{id}")) {
            JsonNode get = api.get("paths").get(read).get("get");
            assertThat(get.get("responses").get("200").get("headers").propertyNames()).as(read).contains("ETag");
            assertThat(get.get("responses").propertyNames()).as(read).contains("304");
            assertThat(get.get("parameters").toString()).as(read).contains("\"If-None-Match\"", "\"If-Match\"");
        }
        // Every conditional change, and no other change, takes If-Match in its form and answers its new ETag.
        List<String> conditional = new ArrayList<>();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode parameters = operation.getValue().get("parameters");
            if (!operation.getKey().equals("get") && parameters != null
                    && parameters.toString().contains("\"If-Match\"")) {
                conditional.add(operation.getKey() + " " + path.getKey());
                assertThat(parameters.toString()).as(path.getKey()).contains("\"pattern\"", "\"header\"");
                JsonNode success = operation.getValue().get("responses").get("200");
                assertThat(success.get("headers").propertyNames()).as(path.getKey()).contains("ETag");
            }
        }));
        assertThat(conditional).containsExactlyInAnyOrder("patch /api/v1/accounts/{id}",
                "post /api/v1/accounts/{id}/close", "patch /api/v1/schedules/{id}", "post /api/v1/schedules/{id}/pause",
                "post /api/v1/schedules/{id}/resume", "post /api/v1/schedules/{id}/skip-next",
                "post /api/v1/schedules/{id}/cancel");
        assertThat(api.get("paths").toString()).as("the parameter's type is no query parameter")
                .doesNotContain("\"ifMatch\"");
    }

    /**
     * Where an answer can hold null, the description admits it: in OpenAPI 3.1 {@code "type": "string"} refuses
     * null, and a black-box tester's validating client refused ordinary answers (a last page, an EXTERNAL account).
     */
    @Test
    void theOpenApiDescriptionAdmitsNullExactlyWhereAnAnswerCanHoldIt() {
        JsonNode schemas = client.anonymous().get("/v3/api-docs").body().get("components").get("schemas");
        Map<String, List<String>> nullable = Map.ofEntries(
                Map.entry("AccountView", List.of("overdraftLimit", "name")),
                Map.entry("AccountBody", List.of("overdraftLimit", "name")),
                Map.entry("AccountPage", List.of("nextCursor")),
                Map.entry("StatementPage", List.of("nextCursor")),
                Map.entry("PageScheduleView", List.of("nextCursor")),
                Map.entry("PageOccurrenceView", List.of("nextCursor")),
                Map.entry("Trail", List.of("next")),
                Map.entry("TransferView", List.of("description")),
                Map.entry("TransferBody", List.of("description")),
                Map.entry("EntryView", List.of("description")),
                Map.entry("ScheduleView", List.of("description", "pausedUntil", "nextOccurrence", "nextRunAt",
                        "remainingOccurrences", "lastOutcome", "pendingRetry")),
                Map.entry("ScheduleBody", List.of("nextRunAt", "lastOutcome", "pendingRetry")),
                Map.entry("Outcome", List.of("reason")),
                Map.entry("VerificationReport", List.of("firstBadPosition", "problem", "firstUnloggedGlobalIndex")),
                Map.entry("Repaired", List.of("firstPosition")),
                Map.entry("Progress", List.of("rowsThatDiffered", "finishedAt", "error")),
                Map.entry("ApiKeyView", List.of("ownerId", "revokedAt", "revokedBy")),
                Map.entry("IssuedBody", List.of("ownerId")),
                Map.entry("AuditEventView", List.of("position", "leafHash", "payloadRevision", "payload")));
        nullable.forEach((schema, fields) -> fields.forEach(field ->
                assertThat(admitsNull(schemas.get(schema).get("properties").get(field))).as(schema + "." + field)
                        .isTrue()));
        // A field the service always fills stays strict, so that a client may rely on it.
        for (String strict : new String[] {"AccountView.id", "AccountView.balance", "ScheduleView.status",
                "Outcome.date", "AuditEventView.globalIndex", "ApiKeyView.createdAt"}) {
            String[] at = strict.split("\\.");
            assertThat(admitsNull(schemas.get(at[0]).get("properties").get(at[1]))).as(strict).isFalse();
        }
        // Both accounts' shapes name the two types, not only the command side's.
        assertThat(schemas.get("AccountView").get("properties").get("type").get("enum").toString())
                .isEqualTo("[\"STANDARD\",\"EXTERNAL\"]");
    }

    /**
     * A request body's fields the service refuses to do without are required, and an answer's fields it always fills:
     * without required lists, every generated client typed them all optional and sent bodies the service refuses.
     */
    @Test
    void theOpenApiDescriptionListsRequiredFieldsAndParameters() {
        JsonNode api = client.anonymous().get("/v3/api-docs").body();
        JsonNode schemas = api.get("components").get("schemas");
        assertThat(names(schemas.get("PostTransferRequest").get("required")))
                .containsExactlyInAnyOrder("id", "debitAccountId", "creditAccountId", "amount", "currency");
        assertThat(names(schemas.get("OpenAccountRequest").get("required")))
                .containsExactlyInAnyOrder("currency", "ownerId");
        // Money fields carry their bounds (the hard cap; a deployment's lower limit is in the description's text).
        JsonNode amount = schemas.get("PostTransferRequest").get("properties").get("amount");
        assertThat(amount.get("minimum").asLong()).isEqualTo(1);
        assertThat(amount.get("maximum").asLong()).isEqualTo(1_000_000_000_000_000L);
        assertThat(schemas.get("ChangeOverdraftLimitRequest").get("properties").get("overdraftLimit")
                .get("minimum").asLong()).isZero();
        assertThat(names(schemas.get("CreateScheduleRequest").get("required"))).contains("rrule", "startDate")
                .doesNotContain("description", "retryPolicy", "catchUpPolicy");
        assertThat(schemas.get("PauseRequest").has("required")).isFalse();
        assertThat(names(schemas.get("AccountView").get("required"))).contains("id", "balance", "version")
                .doesNotContain("overdraftLimit", "name");
        // The answer's retry policy and the request's are two schemas: one name held whichever came first.
        assertThat(names(schemas.get("RetryPolicy").get("required")))
                .containsExactlyInAnyOrder("delays", "suspendAfterAbandoned");
        assertThat(schemas.get("RetryPolicyRequest").has("required")).isFalse();
        JsonNode inclusion = api.get("paths").get("/api/v1/audit/proofs/inclusion").get("get").get("parameters");
        assertThat(inclusion.valueStream().filter(parameter -> parameter.get("required").asBoolean())
                .map(parameter -> parameter.get("name").asString()).toList()).containsExactly("position");
        JsonNode consistency = api.get("paths").get("/api/v1/audit/proofs/consistency").get("get")
                .get("parameters");
        assertThat(consistency.valueStream().filter(parameter -> parameter.get("required").asBoolean())
                .map(parameter -> parameter.get("name").asString()).toList()).containsExactlyInAnyOrder("from", "to");
    }

    /**
     * Generated clients name their methods after operationId and group them by tag: the generator's own ids (get_1,
     * list_2) depended on the order controllers were scanned in, and its tags were Java class names.
     */
    @Test
    void everyOperationHasItsOwnNamedIdASummaryAndATagByFeature() {
        JsonNode paths = client.anonymous().get("/v3/api-docs").body().get("paths");
        List<String> ids = new java.util.ArrayList<>();
        paths.properties().forEach(path -> path.getValue().properties().forEach(method -> {
            JsonNode operation = method.getValue();
            String where = method.getKey() + " " + path.getKey();
            ids.add(operation.get("operationId").asString());
            assertThat(operation.get("operationId").asString()).as(where).matches("[a-z][A-Za-z]+");
            assertThat(operation.path("summary").asString("")).as(where).isNotBlank();
            assertThat(names(operation.get("tags"))).as(where).singleElement()
                    .isIn("Accounts", "Transfers", "Schedules", "Audit", "Administration");
        }));
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThan(30);
    }

    /**
     * Parameters the controllers read as text to answer their own codes were all described as bare strings: page
     * sizes and log positions without type or bounds. Each is typed now, and what the description allows, the
     * service takes.
     */
    @Test
    void everyParameterIsTypedAsTheServiceReadsIt() {
        JsonNode paths = client.anonymous().get("/v3/api-docs").body().get("paths");
        paths.properties().forEach(path -> path.getValue().properties().forEach(method ->
                method.getValue().path("parameters").forEach(parameter -> {
                    JsonNode schema = parameter.get("schema");
                    boolean bareText = schema.path("type").asString("").equals("string") && !schema.has("format")
                            && !schema.has("pattern") && !schema.has("enum");
                    assertThat(bareText && !parameter.get("name").asString().equals("cursor"))
                            .as(method.getKey() + " " + path.getKey() + " " + parameter).isFalse();
                })));
        JsonNode upcomingLimit = paths.get("/api/v1/schedules/{id}/upcoming").get("get").get("parameters")
                .valueStream().filter(p -> p.get("name").asString().equals("limit")).findFirst().orElseThrow()
                .get("schema");
        assertThat(upcomingLimit.get("maximum").asInt()).isEqualTo(100);
        for (String listing : List.of("/api/v1/accounts", "/api/v1/schedules")) {
            JsonNode statuses = paths.get(listing).get("get").get("parameters").valueStream()
                    .filter(p -> p.get("name").asString().equals("status")).findFirst().orElseThrow()
                    .get("schema").get("enum");
            statuses.forEach(status -> assertThat(client.get(listing + "?status=" + status.asString()).status())
                    .as(listing + " " + status).isEqualTo(200));
        }
    }

    private static List<String> names(JsonNode array) {
        assertThat(array).as("a required list").isNotNull();
        return array.valueStream().map(JsonNode::asString).toList();
    }

    /** Whether a property's schema admits null: a type that lists it, or a branch of its own beside a $ref. */
    private static boolean admitsNull(JsonNode property) {
        assertThat(property).isNotNull();
        boolean typed = property.has("type") && property.get("type").toString().contains("\"null\"");
        boolean branch = property.has("anyOf") && property.get("anyOf").valueStream()
                .anyMatch(each -> each.path("type").toString().contains("\"null\""));
        return typed || branch;
    }

    /** The property names of the schema a GET answers 200 with. */
    private static List<String> responseProperties(JsonNode api, String path) {
        String reference = api.get("paths").get(path).get("get").get("responses").get("200").get("content")
                .get("application/json").get("schema").get("$ref").asString();
        JsonNode schema = api.get("components").get("schemas").get(reference.substring(reference.lastIndexOf('/') + 1));
        return List.copyOf(schema.get("properties").propertyNames());
    }

    /** The second line: even a role with every privilege (here the superuser) meets the append-only trigger. */
    @Test
    void theEventTableRefusesUpdateDeleteAndTruncate() {
        client.openAccount(unique("acc"), "EUR", "u-1", null);

        for (String statement : new String[] {
                "update event_store.domainevententry set payload = payload",
                "delete from event_store.domainevententry",
                "truncate event_store.domainevententry"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestDatabase.jdbc().execute(statement))
                    .as(statement).hasMessageContaining("append-only");
        }
    }
}
