package com.payledger.infra.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An account whose AccountOpened row was stored by revision 1 is loaded by today's command side through the
 * upcaster the service registers: an identical open answers with that account instead of failing.
 */
class StoredRevision1IT extends LedgerHttpTest {

    @Test
    void givenARevision1RowInTheEventStore_whenTheAccountIsLoaded_thenItIsReadAsRevision2() throws IOException {
        String accountId = unique("legacy");
        String payload;
        try (InputStream golden = getClass().getResourceAsStream("/events/AccountOpened.v1.json")) {
            payload = new String(golden.readAllBytes(), StandardCharsets.UTF_8).replace("acc-1", accountId);
        }
        jdbc.update("""
                insert into event_store.domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                    metadata, payload, payloadrevision, payloadtype, timestamp)
                values (?, 0, 'Account', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                        'com.payledger.events.account.AccountOpened', '2027-01-31T08:00:00.123Z')""",
                accountId, UUID.randomUUID().toString(), payload);

        Response reopened = client.post("/api/v1/accounts", java.util.Map.of("id", accountId, "currency", "EUR",
                "ownerId", "owner-1", "overdraftLimit", 1000, "name", "Alice",
                "metadata", java.util.Map.of("tier", "gold")));

        assertThat(reopened.status()).as(reopened.raw().body()).isEqualTo(201);
        assertThat(reopened.body().get("currency").asString()).isEqualTo("EUR");
        assertThat(reopened.body().get("overdraftLimit").asLong()).isEqualTo(1000);
        assertThat(reopened.body().get("version").asLong()).isZero();
    }
}
