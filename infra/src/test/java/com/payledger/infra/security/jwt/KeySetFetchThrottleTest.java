package com.payledger.infra.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.http.client.MockClientHttpResponse;

class KeySetFetchThrottleTest {

    private final AtomicLong now = new AtomicLong(-1_000_000_000L);
    private final AtomicInteger sent = new AtomicInteger();
    private final KeySetFetchThrottle throttle = new KeySetFetchThrottle(Duration.ofSeconds(10), now::get);
    private final ClientHttpRequestExecution issuer = (request, body) -> {
        sent.incrementAndGet();
        return new MockClientHttpResponse(new byte[0], 200);
    };

    @Test
    void givenAKeySetJustFetched_whenFetchedAgainWithinTheInterval_thenRefusedWithoutAskingTheIssuer()
            throws IOException {
        fetch("https://id.example/jwks");
        now.addAndGet(9_999_000_000L);
        assertThatThrownBy(() -> fetch("https://id.example/jwks")).isInstanceOf(KeySetFetchThrottle.Throttled.class);
        now.addAndGet(1_000_000L);
        fetch("https://id.example/jwks");
        assertThat(sent).hasValue(2);
    }

    @Test
    void givenTheDiscoveryDocument_whenFetchedAnyNumberOfTimes_thenNeverRefused() throws IOException {
        fetch("https://id.example/jwks");
        for (String discovery : new String[] {"https://id.example/.well-known/openid-configuration",
                "https://id.example/realms/ledger/.well-known/openid-configuration",
                "https://id.example/.well-known/oauth-authorization-server/tenant"}) {
            fetch(discovery);
        }
        assertThat(sent).hasValue(4);
        assertThatThrownBy(() -> fetch("https://id.example/.well-known/jwks.json"))
                .as("a key set under .well-known is still a key set").isInstanceOf(KeySetFetchThrottle.Throttled.class);
    }

    /** Between two attempts at an issuer that failed, a valid token's refetch is the issuer's outage, not a 401. */
    @Test
    void givenAFailedFetch_whenFetchedAgainWithinTheInterval_thenStillUnavailableUntilOneSucceeds() throws IOException {
        ClientHttpRequestExecution failing = (request, body) -> {
            sent.incrementAndGet();
            return new MockClientHttpResponse(new byte[0], 500);
        };
        throttle.intercept(new MockClientHttpRequest(HttpMethod.GET, URI.create("https://id.example/jwks")),
                new byte[0], failing);
        now.addAndGet(1_000_000_000L);
        assertThatThrownBy(() -> fetch("https://id.example/jwks"))
                .isInstanceOf(KeySetFetchThrottle.StillUnavailable.class);
        now.addAndGet(10_000_000_000L);
        fetch("https://id.example/jwks");
        now.addAndGet(1_000_000_000L);
        assertThatThrownBy(() -> fetch("https://id.example/jwks")).isInstanceOf(KeySetFetchThrottle.Throttled.class);
        assertThat(sent).hasValue(2);
    }

    @Test
    void givenAFetchThatThrew_whenFetchedAgainWithinTheInterval_thenStillUnavailable() {
        ClientHttpRequestExecution unreachable = (request, body) -> {
            throw new java.net.ConnectException("Connection refused");
        };
        assertThatThrownBy(() -> throttle.intercept(new MockClientHttpRequest(HttpMethod.GET,
                URI.create("https://id.example/jwks")), new byte[0], unreachable))
                .isInstanceOf(java.net.ConnectException.class);
        assertThatThrownBy(() -> fetch("https://id.example/jwks"))
                .isInstanceOf(KeySetFetchThrottle.StillUnavailable.class);
    }

    private void fetch(String uri) throws IOException {
        throttle.intercept(new MockClientHttpRequest(HttpMethod.GET, URI.create(uri)), new byte[0], issuer);
    }
}
