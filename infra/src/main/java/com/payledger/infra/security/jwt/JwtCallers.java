package com.payledger.infra.security.jwt;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.payledger.infra.failure.Causes;
import com.payledger.infra.security.Caller;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * The callers that JWT bearer tokens from the configured issuer stand for. A token is verified by Spring Security's
 * {@link NimbusJwtDecoder}: signature against the issuer's key set, {@code iss}, {@code exp} (required) and
 * {@code nbf} with {@link #CLOCK_SKEW}, {@code aud} when configured, {@code typ} if present; then
 * {@link CallerClaims} maps its claims. A bad token of any kind is simply no caller, exactly like an unknown API key.
 */
public final class JwtCallers {

    /** How far the issuer's clock may be from ours. Token times are real time, whatever clock the ledger uses. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    /** After a failed discovery, requests fail at once for this long instead of each trying again. */
    static final Duration DISCOVERY_BACKOFF = Duration.ofSeconds(10);
    /** The issuer's key set is fetched at most once in this long ({@link KeySetFetchThrottle}). */
    static final Duration KEY_SET_REFETCH_INTERVAL = Duration.ofSeconds(10);
    /** Asymmetric signatures only: a MAC would need a secret shared with the issuer, and "none" is no signature. */
    static final Set<SignatureAlgorithm> ALGORITHMS = EnumSet.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
            SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);
    /** JWS compact serialization: header, payload and signature, base64url without padding. */
    private static final Pattern COMPACT_JWS =
            Pattern.compile("[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}");
    private static final Logger LOG = LoggerFactory.getLogger(JwtCallers.class);

    private final JwtDecoder decoder;
    private final CallerClaims claims;
    private final KeySetFetchThrottle keySetFetches;

    JwtCallers(JwtDecoder decoder, CallerClaims claims, KeySetFetchThrottle keySetFetches) {
        this.decoder = decoder;
        this.claims = claims;
        this.keySetFetches = keySetFetches;
    }

    /** Callers for {@code settings}; asks the issuer nothing until the first token (or {@link #warmUp()}). */
    public static JwtCallers of(JwtSettings settings) {
        warnAboutWeakSettings(settings);
        Duration timeout = settings.httpTimeout();
        KeySetFetchThrottle keySetFetches = new KeySetFetchThrottle(KEY_SET_REFETCH_INTERVAL, System::nanoTime);
        // One client for every attempt at discovery: a client of the JDK's holds a thread of its own.
        RestTemplate issuer = restTemplate(timeout, keySetFetches);
        // One discovery request: connect plus read. Longer than that, a waiting request gives up.
        return new JwtCallers(new LazyIssuerDecoder(() -> decoder(settings, issuer), timeout.multipliedBy(2),
                DISCOVERY_BACKOFF, System::nanoTime), new CallerClaims(settings.roleClaim(), settings.ownerClaim()),
                keySetFetches);
    }

    /** Settings that work but let more tokens in than an operator likely means to. */
    private static void warnAboutWeakSettings(JwtSettings settings) {
        if (settings.audience().isEmpty()) {
            LOG.warn("PAYLEDGER_JWT_AUDIENCE is not set: any token of the issuer that carries the role claim is "
                    + "accepted, also one issued to another application of the same issuer. Set the ledger's "
                    + "audience.");
        }
        for (String uri : new String[] {settings.issuerUri(), settings.jwkSetUri()}) {
            URI parsed = uri.isEmpty() ? null : URI.create(uri);
            if (parsed != null && "http".equals(parsed.getScheme()) && !isLoopback(parsed.getHost())) {
                LOG.warn("The JWT issuer's keys come over plain http ({}): anyone on the network path could swap "
                        + "them. Use https.", uri);
            }
        }
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /** Whether {@code token} has the shape of a signed JWT; an API key never has (it has no dots). */
    public static boolean looksLikeJwt(String token) {
        return COMPACT_JWS.matcher(token).matches();
    }

    /**
     * The caller {@code token} stands for; empty if it is not a valid token of the issuer for a known role.
     *
     * @throws IssuerUnavailableException if the issuer's discovery document or key set cannot be fetched now
     */
    public Optional<Caller> authenticate(String token) {
        try {
            return Optional.of(claims.callerOf(decoder.decode(token)));
        } catch (RuntimeException refused) {
            if (isIssuerOutage(refused)) {
                // A fetch answered 200 with a body that is no key set is an outage as much as a 500: the refetches
                // refused until the next attempt must say so too, not blame the tokens.
                keySetFetches.recordFailure();
                throw new IssuerUnavailableException("cannot check the token: " + refused.getMessage(), refused);
            }
            if (refused instanceof JwtException) {
                LOG.debug("Refused a bearer JWT: {}", refused.getMessage());
            } else {
                // A token is attacker-controlled input: whatever it trips over is a refusal, never a 500.
                LOG.warn("Refused a bearer JWT that could not be processed", refused);
            }
            return Optional.empty();
        }
    }

    /** Fetches the discovery document now, so the first request need not; logs if the issuer is unreachable. */
    void warmUp() {
        try {
            if (decoder instanceof LazyIssuerDecoder lazy) {
                lazy.decoder();
            }
        } catch (RuntimeException unreachable) {
            LOG.warn("JWT issuer not reachable yet (tokens answer 503 until it is): {}", unreachable.getMessage());
        }
    }

    /**
     * The issuer, not the token, is at fault: discovery failed, or the key set could not be fetched or parsed.
     * A refetch refused by the throttle (a token naming an unknown key) is the token's fault: it stays a 401.
     */
    static boolean isIssuerOutage(Throwable failure) {
        if (Causes.any(failure, cause -> cause instanceof KeySetFetchThrottle.StillUnavailable)) {
            return true;
        }
        return !Causes.any(failure, cause -> cause instanceof KeySetFetchThrottle.Throttled)
                && Causes.any(failure, cause -> cause instanceof JwtDecoderInitializationException
                        || cause instanceof RemoteKeySourceException || cause instanceof JWKSetUnavailableException);
    }

    private static JwtDecoder decoder(JwtSettings settings, RestTemplate issuer) {
        NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder builder = settings.jwkSetUri().isEmpty()
                ? NimbusJwtDecoder.withIssuerLocation(settings.issuerUri())
                : NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri());
        // With discovery, build() fetches the issuer's document (and checks its "issuer" equals ours).
        NimbusJwtDecoder decoder = builder.restOperations(issuer)
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .build();
        decoder.setJwtValidator(validator(settings));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(JwtSettings settings) {
        JwtTimestampValidator times = new JwtTimestampValidator(CLOCK_SKEW);
        // A token without an expiry would be good forever.
        times.setAllowEmptyExpiryClaim(false);
        JwtTypeValidator types = new JwtTypeValidator("JWT", "at+jwt", "application/at+jwt");
        types.setAllowEmpty(true);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(times, types,
                new JwtIssuerValidator(settings.issuerUri())));
        if (!settings.audience().isEmpty()) {
            validators.add(new JwtAudienceValidator(settings.audience()));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /**
     * Without timeouts a hung issuer would hold the request thread that fetches its keys forever; without the
     * throttle any caller could have the key set fetched on every request. HttpURLConnection bounded each read only,
     * so an answer trickling a byte at a time held the key-set refresh, and every token with it, for as long as it
     * lasted, also after the issuer recovered; Spring's client over the JDK's bounds the whole answer by the timeout
     * (JwtCallersTest checks it with such an issuer).
     */
    private static RestTemplate restTemplate(Duration timeout, KeySetFetchThrottle keySetFetches) {
        // HTTP/1.1 as before: the JDK's default offers an h2c upgrade over plain http, which some proxies mishandle.
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build());
        requests.setReadTimeout(timeout);
        RestTemplate rest = new RestTemplate(requests);
        rest.getInterceptors().add(keySetFetches);
        return rest;
    }
}
