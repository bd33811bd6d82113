package com.payledger.infra.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A tiny OAuth2 issuer on 127.0.0.1 for tests: an OpenID discovery document and a key set with one RSA key made for
 * this run, and tokens signed with it. No network beyond the loopback interface.
 */
public final class TestIssuer implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    private final RSAKey key;
    private final AtomicInteger keySetFetches = new AtomicInteger();

    private TestIssuer(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public static TestIssuer start() {
        try {
            RSAKey key = newKey("test-key-1");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestIssuer issuer = new TestIssuer(server, key);
            server.createContext("/.well-known/openid-configuration", exchange -> issuer.respond(exchange,
                    "{\"issuer\":\"" + issuer.issuer + "\",\"jwks_uri\":\"" + issuer.issuer + "/jwks\","
                            + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
            server.createContext("/jwks", exchange -> {
                issuer.keySetFetches.incrementAndGet();
                issuer.respond(exchange, new JWKSet(key.toPublicJWK()).toString());
            });
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh 2048-bit RSA key pair with key id {@code keyId}. */
    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** How many times the key set was asked for. */
    public int keySetFetches() {
        return keySetFetches.get();
    }

    /** The key whose public half the key set publishes. */
    public RSAKey signingKey() {
        return key;
    }

    /** A token of this issuer for {@code subject}, valid for 5 minutes, with {@code claims} added. */
    public String token(String subject, Map<String, Object> claims) {
        return token(subject, claims, UnaryOperator.identity(), key);
    }

    /** As {@link #token(String, Map)}, with the claim set changed by {@code change} and signed by {@code signer}. */
    public String token(String subject, Map<String, Object> claims, UnaryOperator<JWTClaimsSet.Builder> change,
                        RSAKey signer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().issuer(issuer).subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        claims.forEach(set::claim);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                    change.apply(set).build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
