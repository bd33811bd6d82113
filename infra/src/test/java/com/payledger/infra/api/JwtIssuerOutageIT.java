package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * While the token issuer is down, a JWT answers 503, but an API key keeps working even when it has a JWT's shape: the
 * bootstrap key is whatever secret the operator chose, and its holder must not be locked out by someone else's outage.
 */
class JwtIssuerOutageIT {

    /** Three dot-separated base64url parts, as a signed JWT has. */
    private static final String JWT_SHAPED_KEY = "b3BlcmF0b3I.Y2hvc2UgdGhpcyBrZXk.YXQgbGVhc3QgMzIgY2hhcmFjdGVycw";
    private static final String SOME_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzb21lb25lIn0.c2lnbmF0dXJl";

    @Test
    void givenTheIssuerDown_whenAJwtShapedApiKeyOrAJwtIsSent_thenTheKeyWorksAndTheToken503() {
        // Port 9 (discard) on loopback: nothing listens, so every discovery is refused at once.
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(
                "payledger.security.jwt.issuer-uri", "http://127.0.0.1:9/realms/down",
                "payledger.security.bootstrap-admin-key", JWT_SHAPED_KEY))) {
            LedgerClient client = ledger.client();

            assertThat(client.withKey(JWT_SHAPED_KEY).get("/api/v1/admin/api-keys").status()).isEqualTo(200);
            Response token = client.withKey(SOME_TOKEN).get("/api/v1/admin/api-keys");
            assertThat(token.status()).isEqualTo(503);
            assertThat(token.code()).isEqualTo("TOKEN_ISSUER_UNAVAILABLE");
        }
    }

    @Test
    void givenTheIssuerDown_whenKeysShapedLikeJwtsAreGuessed_thenEachIsAFailedAttemptNot503() {
        // A guess is no JWT, so it is a wrong key (401, counted; 429 once the address is past the limit). Answered
        // 503 after a key lookup that did not count, guesses went unlimited for as long as the issuer was down.
        try (ServiceInstance ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(
                "payledger.security.jwt.issuer-uri", "http://127.0.0.1:9/realms/down",
                "payledger.security.bootstrap-admin-key", JWT_SHAPED_KEY))) {
            LedgerClient client = ledger.client();
            for (int guess = 0; guess < 5; guess++) {
                Response answer = client.withKey("b3BlcmF0b3I.Z3Vlc3Mg" + guess + ".YXQgbGVhc3QgMzIgY2hhcmFjdGVycw")
                        .get("/api/v1/admin/api-keys");
                assertThat(answer.status()).as("guess %d", guess).isIn(401, 429);
            }
            assertThat(client.withKey(SOME_TOKEN).get("/api/v1/admin/api-keys").status()).isEqualTo(503);
        }
    }
}
