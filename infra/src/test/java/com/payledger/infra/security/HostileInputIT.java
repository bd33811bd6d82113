package com.payledger.infra.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.security.HostileRequest.Kind;
import com.payledger.infra.security.HostileRequests.Endpoint;
import com.payledger.infra.security.HostileRequests.Fixture;
import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.LedgerHttpTest;
import com.payledger.infra.support.LedgerInvariants;
import com.payledger.infra.support.Schedules;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drives every endpoint with generated malformed and hostile input and holds the service to three promises for each
 * request: it never answers 5xx; every refusal is problem+json with a code and shows no stack trace, exception or
 * SQL; and a refused request changes neither the event store nor any read model (nor the command-side claims or the
 * API keys).
 *
 * <p>First every endpoint gets every kind of hostile input that applies to it once, then {@code
 * payledger.fuzz.cases} (default {@value #CASES_DEFAULT}) requests follow, drawn at random from a seeded
 * {@link Random}. A failure names the seed; {@code -Dpayledger.fuzz.seed=<seed>} repeats the same requests, and a
 * larger {@code -Dpayledger.fuzz.cases} makes a soak.
 */
class HostileInputIT extends LedgerHttpTest {

    static final int CASES_DEFAULT = 2_000;

    private final List<String> issuedKeyIds = new ArrayList<>();
    private Fixture fixture;
    private String baseUrl;

    @Test
    void hostileInputIsRefusedWithAProblemAndChangesNothing() {
        long seed = Long.getLong("payledger.fuzz.seed", new Random().nextLong());
        int cases = Integer.getInteger("payledger.fuzz.cases", CASES_DEFAULT);
        System.out.println("HostileInputIT: seed " + seed + ", " + cases + " random cases");
        fixture = fixture();
        HostileRequests requests = new HostileRequests(new HostileValues(new Random(seed)), fixture,
                Long.toString(seed & 0xffff, 36) + UUID.randomUUID().toString().substring(0, 4));
        HostileProbe probe = new HostileProbe(jdbc, this::send);
        probe.awaitQuiet();

        for (Endpoint endpoint : requests.endpoints()) {
            for (Kind kind : HostileRequests.kindsFor(endpoint).stream().distinct().toList()) {
                probe.check(requests.generate(endpoint, kind));
            }
        }
        for (int i = 0; i < cases; i++) {
            probe.check(requests.next());
        }
        issuedKeyIds.addAll(probe.issuedKeyIds());

        System.out.println(probe.summary());
        assertThat(probe.failures()).as("seed %d (rerun with -Dpayledger.fuzz.seed=%d): the first of %d failures",
                seed, seed, probe.failureCount()).isEmpty();
        LedgerInvariants.assertBalancesSumToZeroPerCurrency(jdbc);
    }

    /** Schedules the fuzzer managed to create would pay when later tests move the clock: cancel them all. */
    @AfterEach
    void cleanUp() {
        if (fixture == null) {
            return;
        }
        JsonNode schedules = client.get("/api/v1/schedules?ownerId=" + fixture.owner() + "&limit=500").body();
        for (JsonNode schedule : schedules.get("items")) {
            String status = schedule.get("status").asString();
            if (!status.equals("CANCELLED") && !status.equals("COMPLETED")) {
                client.withKey(fixture.ownerKey()).post("/api/v1/schedules/" + schedule.get("id").asString()
                        + "/cancel");
            }
        }
        for (String keyId : issuedKeyIds) {
            client.withKey(LedgerClient.TEST_ADMIN_KEY).delete("/api/v1/admin/api-keys/" + keyId);
        }
    }

    private Fixture fixture() {
        String owner = unique("fuzz-owner");
        String other = unique("fuzz-other");
        String bank = unique("fuzz-bank");
        String payer = unique("fuzz-payer");
        String payee = unique("fuzz-payee");
        String transferId = unique("fuzz-fund");
        String scheduleId = unique("fuzz-s");
        client.openAccount(bank, "EUR", "treasury", "EXTERNAL");
        client.openAccount(payer, "EUR", owner, null);
        client.openAccount(payee, "EUR", other, null);
        assertThat(client.transfer(transferId, bank, payer, 1_000_000, "EUR").status()).isEqualTo(201);
        String today = Schedules.today().toString();
        assertThat(Schedules.create(client, Schedules.body(scheduleId, payer, payee, 1, "FREQ=MONTHLY",
                Schedules.today().plusDays(300), "10:00", "Europe/Berlin", Map.of())).status()).isEqualTo(201);
        return new Fixture(owner, client.clientKey(owner), client.clientKey(other), client.auditorKey(),
                LedgerClient.TEST_ADMIN_KEY, payer, payee, transferId, scheduleId, today);
    }

    private Response send(HostileRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + request.path()))
                .timeout(Duration.ofSeconds(30));
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        builder.method(request.method(), body);
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.authorization() != null) {
            builder.header("Authorization", request.authorization());
        }
        request.headers().forEach(builder::header);
        return client.send(builder);
    }

    private String baseUrl() {
        if (baseUrl == null) {
            baseUrl = client.get("/actuator/health").raw().uri().toString().replace("/actuator/health", "");
        }
        return baseUrl;
    }
}
