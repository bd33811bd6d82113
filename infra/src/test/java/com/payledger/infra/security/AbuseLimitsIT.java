package com.payledger.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.security.apikey.ApiKeys;
import com.payledger.infra.support.Eventually;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The limits that keep one caller from hurting the ledger, on a service started with small ones: requests per key
 * (429 with Retry-After), failed authentications per address, body size (413) and amount (422).
 */
class AbuseLimitsIT {

    private static ServiceInstance ledger;
    private static LedgerClient client;

    @BeforeAll
    static void startWithSmallLimits() {
        ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(
                "payledger.security.rate-limit.requests-per-second", "1",
                "payledger.security.rate-limit.burst", "5",
                "payledger.limits.request-body-bytes", "1024",
                "payledger.limits.amount-minor-max", "1000"));
        client = ledger.client();
    }

    @AfterAll
    static void stop() {
        ledger.close();
    }

    @Test
    void givenAKeyOverItsRate_whenItCallsAgain_thenTooManyRequestsWithRetryAfterWhileOtherKeysGoOn() {
        LedgerClient busy = client.withKey(client.issueKey("AUDITOR", null));
        LedgerClient calm = client.withKey(client.issueKey("AUDITOR", null));
        int answered = 0;
        Response refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            Response response = busy.get("/api/v1/audit/events");
            if (response.status() == 429) {
                refused = response;
            } else {
                answered++;
            }
        }
        // The whole burst gets through; then the bucket refills at one a second, however slow the machine.
        assertThat(answered).isGreaterThanOrEqualTo(5);
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo("RATE_LIMITED");
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(calm.get("/api/v1/audit/events").status()).isEqualTo(200);
    }

    @Test
    void givenManyFailedAuthentications_whenAnotherComesFromTheSameAddress_thenTooManyRequestsBarKeysInUse() {
        // Issued directly: the admin key's own allowance here (1 a second) is for the other tests.
        ApiKeys keys = ledger.context().getBean(ApiKeys.class);
        LedgerClient busy = client.withKey(keys.issue(ApiRole.AUDITOR, null, "busy", "test").key());
        assertThat(busy.get("/api/v1/audit/events?limit=1").status()).isEqualTo(200);
        String unused = keys.issue(ApiRole.AUDITOR, null, "unused", "test").key();
        LedgerClient guesser = client.withKey("plk_" + UUID.randomUUID());
        Response last = blockTheAddress(guesser);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("RATE_LIMITED");

        // While the address is blocked nothing is looked up: a key in use within the key cache's lifetime passes,
        // any other gets 429, a valid one too, so a right guess is not told apart from a wrong one. The block lasts
        // until the allowance refills (a tenth of a second), so each check follows a refusal at once.
        assertThat(client.withKey(unused).get("/api/v1/audit/events?limit=1").status()).isEqualTo(429);
        assertThat(blockTheAddress(guesser).status()).isEqualTo(429);
        assertThat(busy.get("/api/v1/audit/events?limit=1").status()).isEqualTo(200);
        // The address's allowance refills within seconds; the other tests here need it. (Polled with a key of its
        // own each time: a key's requests are limited to one a second here.)
        Eventually.await(() -> client.withKey(keys.issue(ApiRole.AUDITOR, null, "probe", "test").key())
                        .get("/api/v1/audit/events?limit=1").status(),
                status -> status == 200, Duration.ofSeconds(10), "the address's allowance to refill");
    }

    /** Failed attempts from this address until one is refused 429; the allowance refills at 10 a second. */
    private static Response blockTheAddress(LedgerClient guesser) {
        Response last = null;
        // A slow machine needs more attempts: bound them loosely.
        for (int i = 0; i < 500; i++) {
            last = guesser.get("/api/v1/accounts/any");
            if (last.status() == 429) {
                return last;
            }
            assertThat(last.status()).isEqualTo(401);
        }
        return last;
    }

    @Test
    void givenABodyOverTheLimit_whenSentWithOrWithoutALength_thenPayloadTooLargeAndNothingRecorded() {
        JdbcTemplate jdbc = ledger.jdbc();
        Long events = jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class);
        LedgerClient owner = client.withKey(client.clientKey("u-big"));
        String body = "{\"id\":\"big\",\"ownerId\":\"u-big\",\"currency\":\"EUR\",\"name\":\""
                + "n".repeat(2000) + "\"}";
        Response sized = owner.postRaw("/api/v1/accounts", body, "application/json");
        assertThat(sized.status()).isEqualTo(413);
        assertThat(sized.code()).isEqualTo("PAYLOAD_TOO_LARGE");

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Response chunked = owner.send(HttpRequest.newBuilder(URI.create(client.baseUrl() + "/api/v1/accounts"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + owner.clientKey("u-big"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(jdbc.queryForObject("select count(*) from event_store.domainevententry", Long.class))
                .isEqualTo(events);
    }

    @Test
    void givenAnAmountOverTheConfiguredMaximum_whenTransferredOrScheduled_thenAmountTooLarge() {
        LedgerClient owner = client.withKey(client.clientKey("u-max"));
        owner.openAccount("max-a", "EUR", "u-max", null);
        owner.openAccount("max-b", "EUR", "u-max", null);
        Response refused = owner.transfer("max-t", "max-a", "max-b", 1001, "EUR");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("AMOUNT_TOO_LARGE");
        Response description = client.anonymous().get("/v3/api-docs");
        assertThat(description.raw().body()).contains("Amounts: integers from 1 to 1000 minor units")
                .contains("at most 1024 bytes");
    }
}
