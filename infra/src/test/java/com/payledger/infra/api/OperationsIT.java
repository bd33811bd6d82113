package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;

/** Health and the OpenAPI description are served, and the description names every endpoint of the contract. */
class OperationsIT extends LedgerHttpTest {

    @Test
    void healthIsUp() {
        Response health = client.get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void theOpenApiDescriptionCoversTheContract() {
        Response description = client.get("/v3/api-docs");

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
                "/api/v1/admin/projections/{name}/rebuild");
        assertThat(client.get("/swagger-ui/index.html").status()).isEqualTo(200);
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
