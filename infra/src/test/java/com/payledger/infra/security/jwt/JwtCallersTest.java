package com.payledger.infra.security.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.payledger.infra.security.ApiRole;
import com.payledger.infra.support.TestIssuer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token verification against a local issuer, and what an unreachable or hung issuer does to a request. */
class JwtCallersTest {

    private static final Map<String, Object> AUDITOR = Map.of("payledger_role", "AUDITOR");
    private static TestIssuer issuer;
    private static JwtCallers callers;

    @BeforeAll
    static void startIssuer() {
        issuer = TestIssuer.start();
        callers = JwtCallers.of(settings(issuer.issuer(), "", "payledger"));
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @Test
    void givenValidToken_whenAuthenticating_thenItsCaller() {
        String token = issuer.token("alice", Map.of("payledger_role", "CLIENT", "payledger_owner_id", "u-1",
                "aud", List.of("other", "payledger")));

        assertThat(JwtCallers.looksLikeJwt(token)).isTrue();
        assertThat(callers.authenticate(token)).hasValueSatisfying(caller -> {
            assertThat(caller.principal()).isEqualTo("jwt:" + issuer.issuer() + "#alice");
            assertThat(caller.role()).isEqualTo(ApiRole.CLIENT);
            assertThat(caller.ownerId()).isEqualTo("u-1");
        });
    }

    @Test
    void givenTimesAroundTheClockSkew_whenAuthenticating_thenOnlyTokensWithinTheSkewPass() {
        long now = System.currentTimeMillis();
        Date issued = new Date(now - 600_000);
        assertThat(authenticate(set -> set.issueTime(issued).expirationTime(new Date(now - 10_000)))).isTrue();
        assertThat(authenticate(set -> set.issueTime(issued).expirationTime(new Date(now - 120_000)))).isFalse();
        assertThat(authenticate(set -> set.expirationTime(null))).isFalse();
        assertThat(authenticate(set -> set.notBeforeTime(new Date(now + 120_000)))).isFalse();
        assertThat(authenticate(set -> set.notBeforeTime(new Date(now + 10_000)))).isTrue();
    }

    @Test
    void givenTokenSignedByAnotherKey_whenAuthenticating_thenNoCaller() {
        Map<String, Object> claims = Map.of("payledger_role", "AUDITOR", "aud", "payledger");
        RSAKey sameKeyId = TestIssuer.newKey(issuer.signingKey().getKeyID());

        assertThat(callers.authenticate(issuer.token("a", claims, UnaryOperator.identity(), sameKeyId))).isEmpty();
        assertThat(callers.authenticate(issuer.token("a", claims, UnaryOperator.identity(),
                TestIssuer.newKey("unknown-key")))).isEmpty();
        assertThat(callers.authenticate(issuer.token("a", claims))).isPresent();
    }

    @Test
    void givenWrongIssuerOrAudience_whenAuthenticating_thenNoCaller() {
        assertThat(authenticate(set -> set.issuer("https://elsewhere.example"))).isFalse();
        assertThat(authenticate(set -> set.audience("someone-else"))).isFalse();
        assertThat(authenticate(set -> set.audience((String) null))).isFalse();
    }

    @Test
    void givenApiKeysAndGarbage_whenAskedIfJwt_thenNo() {
        assertThat(JwtCallers.looksLikeJwt("plk_" + "A".repeat(43))).isFalse();
        assertThat(JwtCallers.looksLikeJwt("test-bootstrap-admin-key-0f1e2d3c4b5a69788796a5b4c3d2e1f0")).isFalse();
        assertThat(JwtCallers.looksLikeJwt("a.b.c")).isFalse();
        assertThat(JwtCallers.looksLikeJwt("aa.bb.cc.dd.ee")).isFalse();
        // Shaped like one but no JWT: refused without asking the issuer anything.
        assertThat(callers.authenticate("admin.bootstrap.key-of-a-deployment")).isEmpty();
        assertThat(callers.authenticate("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.AA")).isEmpty();
    }

    @Test
    void givenUnreachableIssuer_whenAuthenticating_thenIssuerUnavailableAtOnceAndAgainWithoutRetrying()
            throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtCallers offline = JwtCallers.of(settings("http://127.0.0.1:" + closedPort, "", ""));
        String token = issuer.token("a", AUDITOR);

        assertThatThrownBy(() -> offline.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
        assertThatThrownBy(() -> offline.authenticate(token)).isInstanceOf(IssuerUnavailableException.class)
                .hasMessageContaining("failed recently");
    }

    @Test
    void givenIssuerThatNeverAnswers_whenAuthenticating_thenIssuerUnavailableWithinTheTimeout() throws Exception {
        try (HungServer hung = new HungServer()) {
            JwtCallers discovering = JwtCallers.of(settings(hung.url(), "", ""));
            JwtCallers fetchingKeys = JwtCallers.of(settings(issuer.issuer(), hung.url() + "/jwks", ""));
            String token = issuer.token("a", AUDITOR);
            long started = System.nanoTime();

            assertThatThrownBy(() -> discovering.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
            assertThatThrownBy(() -> fetchingKeys.authenticate(token))
                    .isInstanceOf(IssuerUnavailableException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(hung.connections.get()).isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * While the key set cannot be fetched, a valid token is the issuer's outage every time: between two attempts it
     * answered 401, was counted as a failed authentication of its address and got the address blocked.
     */
    @Test
    void givenAKeySetThatCannotBeFetched_whenAuthenticatingTwiceInARow_thenIssuerUnavailableBothTimes()
            throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtCallers keysDown = JwtCallers.of(settings(issuer.issuer(), "http://127.0.0.1:" + closedPort + "/jwks", ""));
        String token = issuer.token("a", AUDITOR);

        assertThatThrownBy(() -> keysDown.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
        assertThatThrownBy(() -> keysDown.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
    }

    /** A key set answered 200 with a body that is none is an outage too, also for the refetches refused after it. */
    @Test
    void givenAKeySetAnsweredWithGarbage_whenAuthenticatingTwiceInARow_thenIssuerUnavailableBothTimes()
            throws IOException {
        com.sun.net.httpserver.HttpServer garbage = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        garbage.createContext("/jwks", exchange -> {
            byte[] body = "<html>maintenance</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        garbage.start();
        try {
            JwtCallers keysGarbled = JwtCallers.of(settings(issuer.issuer(),
                    "http://127.0.0.1:" + garbage.getAddress().getPort() + "/jwks", ""));
            String token = issuer.token("a", AUDITOR);

            assertThatThrownBy(() -> keysGarbled.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
            assertThatThrownBy(() -> keysGarbled.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
        } finally {
            garbage.stop(0);
        }
    }

    /**
     * A read timeout never fires on an answer that trickles a byte at a time: such an answer held the key-set refresh,
     * and every token with it, for as long as it lasted. The whole answer is bounded by the timeout now.
     */
    @Test
    void givenAnIssuerThatTricklesItsAnswer_whenAuthenticating_thenIssuerUnavailableWithinTheTimeout()
            throws Exception {
        try (TricklingServer trickling = new TricklingServer()) {
            JwtCallers discovering = JwtCallers.of(settings(trickling.url(), "", ""));
            JwtCallers fetchingKeys = JwtCallers.of(settings(issuer.issuer(), trickling.url() + "/jwks", ""));
            String token = issuer.token("a", AUDITOR);
            long started = System.nanoTime();

            assertThatThrownBy(() -> discovering.authenticate(token)).isInstanceOf(IssuerUnavailableException.class);
            assertThatThrownBy(() -> fetchingKeys.authenticate(token))
                    .isInstanceOf(IssuerUnavailableException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    /** Whether an AUDITOR token for the configured audience, changed by {@code change}, is accepted. */
    private static boolean authenticate(UnaryOperator<JWTClaimsSet.Builder> change) {
        return callers.authenticate(issuer.token("a", AUDITOR, set -> change.apply(set.audience("payledger")),
                issuer.signingKey())).isPresent();
    }

    private static JwtSettings settings(String issuerUri, String jwkSetUri, String audience) {
        return new JwtSettings(issuerUri, jwkSetUri, audience, "payledger_role", "payledger_owner_id",
                Duration.ofMillis(300));
    }

    /** Answers every request with a head, then a byte of its body every 100 ms for 20 s. */
    private static final class TricklingServer implements AutoCloseable {

        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(this::accept, "trickling-issuer");

        TricklingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread trickle = new Thread(() -> trickle(connection), "trickle");
                    trickle.setDaemon(true);
                    trickle.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void trickle(Socket connection) {
            try (connection) {
                connection.getInputStream().read(new byte[8192]);
                var out = connection.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                for (int i = 0; i < 200; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException gone) {
                // the client gave up, as it should
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Accepts connections and never answers: an issuer that hangs. */
    private static final class HungServer implements AutoCloseable {

        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor = new Thread(this::accept, "hung-issuer");

        HungServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void accept() {
            try {
                while (!socket.isClosed()) {
                    Socket connection = socket.accept();
                    synchronized (accepted) {
                        accepted.add(connection);
                    }
                    connections.incrementAndGet();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (accepted) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
        }
    }
}
