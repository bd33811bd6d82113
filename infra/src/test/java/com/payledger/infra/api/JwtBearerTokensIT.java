package com.payledger.infra.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.infra.support.LedgerClient;
import com.payledger.infra.support.LedgerClient.Response;
import com.payledger.infra.support.ServiceInstance;
import com.payledger.infra.support.TestDatabase;
import com.payledger.infra.support.TestIssuer;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * JWTs from an external issuer (a local one here) act exactly as API keys of the same role and owner do, in a
 * service that keeps accepting API keys. One extra service instance, on its own database, for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwtBearerTokensIT {

    private static final String AUDIENCE = "payledger-api";
    private static TestIssuer issuer;
    private static ServiceInstance ledger;
    /** API keys, routed by owner as in every other test. */
    private static LedgerClient keys;

    @BeforeAll
    static void start() {
        issuer = TestIssuer.start();
        ledger = ServiceInstance.start(TestDatabase.newDatabase(), Map.of(
                "payledger.security.jwt.issuer-uri", issuer.issuer(),
                "payledger.security.jwt.audience", AUDIENCE));
        keys = ledger.client();
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        issuer.close();
    }

    @Test
    @Order(1)
    void givenClientToken_whenOpeningAndTransferring_thenActsForItsOwnerOnlyAndEventsNameIssuerAndSubject() {
        String owner = unique("o-jwt");
        String bank = unique("bank");
        String alice = unique("alice");
        String bob = unique("bob");
        LedgerClient aliceBackEnd = withToken(clientToken("alice-backend", owner));
        assertThat(keys.openAccount(bank, "EUR", "treasury", "EXTERNAL").status()).isEqualTo(201);
        assertThat(keys.openAccount(bob, "EUR", unique("o-other"), null).status()).isEqualTo(201);

        assertThat(aliceBackEnd.openAccount(alice, "EUR", owner, null).status()).isEqualTo(201);
        assertThat(keys.transfer(unique("deposit"), bank, alice, 1_000, "EUR").status()).isEqualTo(201);
        assertThat(aliceBackEnd.transfer(unique("pay"), alice, bob, 250, "EUR").status()).isEqualTo(201);

        assertThat(aliceBackEnd.postedBalance(alice)).isEqualTo(750);
        assertThat(aliceBackEnd.get("/api/v1/accounts/" + bob).status()).isEqualTo(404);
        assertThat(aliceBackEnd.transfer(unique("steal"), bob, alice, 1, "EUR").status()).isIn(403, 404);
        assertThat(aliceBackEnd.openAccount(unique("foreign"), "EUR", unique("o-other"), null).status())
                .isEqualTo(403);
        assertThat(keys.postedBalance(bob)).isEqualTo(250);
        List<String> metadata = ledger.jdbc().queryForList("""
                select convert_from(metadata, 'UTF8') from event_store.domainevententry
                 where aggregateidentifier = ? order by sequencenumber""", String.class, alice);
        assertThat(metadata).hasSize(3);
        assertThat(metadata.get(0)).contains("\"principal\":\"jwt:" + issuer.issuer() + "#alice-backend\"");
        assertThat(metadata.get(1)).contains("\"principal\":\"apikey:");
        assertThat(metadata.get(2)).contains("\"principal\":\"jwt:" + issuer.issuer() + "#alice-backend\"");
    }

    @Test
    @Order(2)
    void givenAuditorToken_whenReadingAndCommanding_thenReadsEveryOwnerButMayNotCommand() {
        String account = unique("acc");
        keys.openAccount(account, "EUR", unique("o-any"), null);
        LedgerClient auditor = withToken(token("auditor-1", Map.of("payledger_role", List.of("AUDITOR"))));

        assertThat(auditor.get("/api/v1/accounts/" + account).status()).isEqualTo(200);
        assertThat(auditor.get("/api/v1/audit/events?limit=1").status()).isEqualTo(200);
        Response command = auditor.openAccount(unique("acc"), "EUR", "o-any", null);
        assertThat(command.status()).isEqualTo(403);
        assertThat(command.code()).isEqualTo("FORBIDDEN");
    }

    @Test
    @Order(3)
    void givenInvalidTokens_whenCommanding_thenEach401ProblemAndNothingRecorded() {
        String owner = unique("o-jwt");
        Map<String, Object> client = Map.of("payledger_role", "CLIENT", "payledger_owner_id", owner);
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("expired", issuer.token("s", withAudience(client), set -> set
                .issueTime(new Date(System.currentTimeMillis() - 600_000))
                .expirationTime(new Date(System.currentTimeMillis() - 120_000)), issuer.signingKey()));
        invalid.put("signed by another key", issuer.token("s", withAudience(client), UnaryOperator.identity(),
                TestIssuer.newKey(issuer.signingKey().getKeyID())));
        invalid.put("wrong issuer", issuer.token("s", withAudience(client),
                set -> set.issuer("https://elsewhere.example"), issuer.signingKey()));
        invalid.put("wrong audience", issuer.token("s", client, set -> set.audience("another-api"),
                issuer.signingKey()));
        invalid.put("no audience", issuer.token("s", client));
        invalid.put("client without owner", token("s", Map.of("payledger_role", "CLIENT")));
        invalid.put("unknown role", token("s", Map.of("payledger_role", "OWNER", "payledger_owner_id", owner)));
        invalid.put("not a JWT", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");

        invalid.forEach((what, token) -> {
            String account = unique("acc");
            Response refused = withToken(token).openAccount(account, "EUR", owner, null);
            assertThat(refused.status()).as(what).isEqualTo(401);
            assertThat(refused.contentType()).as(what).startsWith("application/problem+json");
            assertThat(refused.code()).as(what).isEqualTo("UNAUTHENTICATED");
            assertThat(ledger.jdbc().queryForObject("select count(*) from event_store.domainevententry "
                    + "where aggregateidentifier = ?", Long.class, account)).as(what).isZero();
        });
    }

    /** Last: it spends this address's allowance of failed attempts. */
    @Test
    @Order(4)
    void givenRepeatedInvalidTokens_whenSent_thenCountedAsFailedAttemptsUntilRateLimited() {
        LedgerClient forger = withToken(issuer.token("s", withAudience(Map.of("payledger_role", "AUDITOR")),
                UnaryOperator.identity(), TestIssuer.newKey("forged")));
        // The allowance refills with time (10 a second), so a slow machine needs more attempts: bound them loosely.
        int fetchesBefore = issuer.keySetFetches();
        long started = System.nanoTime();
        int limitedAfter = -1;
        for (int attempt = 0; attempt < 500 && limitedAfter < 0; attempt++) {
            int status = forger.get("/api/v1/audit/events?limit=1").status();
            if (status == 429) {
                limitedAfter = attempt;
            } else {
                assertThat(status).isEqualTo(401);
            }
        }
        assertThat(limitedAfter).isPositive();
        // Each token names a key id the issuer never published; the key set is fetched again at most once in 10 s.
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(issuer.keySetFetches() - fetchesBefore).as("key-set fetches for %d forged tokens in %d s",
                limitedAfter, seconds).isLessThanOrEqualTo(1 + (int) (seconds / 10) + 1);
    }

    private static LedgerClient withToken(String token) {
        return keys.withKey(token);
    }

    private static String clientToken(String subject, String owner) {
        return token(subject, Map.of("payledger_role", "CLIENT", "payledger_owner_id", owner));
    }

    /** A token of the issuer for the ledger's audience. */
    private static String token(String subject, Map<String, Object> claims) {
        return issuer.token(subject, withAudience(claims));
    }

    private static Map<String, Object> withAudience(Map<String, Object> claims) {
        Map<String, Object> all = new LinkedHashMap<>(claims);
        all.put("aud", AUDIENCE);
        return all;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
