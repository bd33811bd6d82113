package com.payledger.infra.security;

import com.payledger.infra.failure.ConnectionFailures;
import com.payledger.infra.security.apikey.ApiKeys;
import com.payledger.infra.security.jwt.IssuerUnavailableException;
import com.payledger.infra.security.jwt.JwtCallers;
import com.payledger.infra.web.RepeatedHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} against the stored key hashes. A request without the header
 * goes on anonymous (only health and the OpenAPI description admit it); a request with a bad one is refused here
 * (on every path behind this filter), so a client learns at once that its key is wrong. Failed attempts count
 * against the caller's address: past the limit every request from it gets 429 without any lookup, except with a
 * key this instance accepted before (from the key cache, or looked up again once its entry expired), so busy valid
 * keys from the same address (say, behind one proxy) keep working while a guess learns nothing.
 *
 * <p>When JWTs are enabled ({@code PAYLEDGER_JWT_ISSUER_URI}), a bearer token shaped like a JWT is first checked as
 * one ({@link JwtCallers}); if it is no valid JWT it is still looked up as a key, since a bootstrap key may be any
 * string. A bad token is refused exactly like a bad key; an issuer that cannot be reached answers 503.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String SCHEME = "Bearer ";
    /** Nothing this long is a key: refuse it without hashing megabytes. */
    private static final int KEY_LENGTH_MAX = 512;
    /** A JWT carries its claims and signature, so it may be longer; 8 KiB is also Tomcat's header limit. */
    private static final int TOKEN_LENGTH_MAX = 8192;

    private final ApiKeys keys;
    private final ProblemResponses problems;
    private final RateLimiter failedAttempts;
    private final JwtCallers jwts;

    /** {@code jwts} is null when JWTs are not enabled. */
    ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems, RateLimiter failedAttempts,
                               JwtCallers jwts) {
        this.keys = keys;
        this.problems = problems;
        this.failedAttempts = failedAttempts;
        this.jwts = jwts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> token = RepeatedHeaders.sentMoreThanOnce(request, HttpHeaders.AUTHORIZATION)
                ? Optional.empty() : bearerToken(header);
        long blocked = failedAttempts.waitNanos(request.getRemoteAddr());
        if (blocked > 0) {
            // Past its limit an address gets no lookup and no verification: a guess then learns nothing, and costs
            // neither the database nor the issuer. Keys this instance accepted before still pass (looked up again
            // once their cache entry expired), so busy clients behind the same address keep working.
            Optional<Caller> remembered;
            try {
                remembered = token.filter(key -> key.length() <= KEY_LENGTH_MAX).flatMap(keys::acceptedBefore);
            } catch (DataAccessException failure) {
                unavailable(failure, request, response);
                return;
            }
            if (remembered.isEmpty()) {
                RateLimiter.refuse(blocked, request, response);
                return;
            }
            proceedAs(remembered.get(), request, response, chain);
            return;
        }
        Optional<Caller> caller;
        try {
            // Two Authorization headers name two callers: a gateway that checked one and this service, which would
            // take the first, could act for different ones. Neither is taken, as with any malformed credentials.
            caller = token.flatMap(this::authenticate);
        } catch (IssuerUnavailableException unreachable) {
            // Not the caller's fault, so not a failed attempt; the key set is fetched at most once in 10 s anyway.
            logger.warn(unreachable.getMessage());
            problems.issuerUnavailable(request, response);
            return;
        } catch (DataAccessException failure) {
            unavailable(failure, request, response);
            return;
        }
        if (caller.isEmpty()) {
            long wait = failedAttempts.take(request.getRemoteAddr());
            if (wait > 0) {
                RateLimiter.refuse(wait, request, response);
            } else {
                problems.commence(request, response, new BadCredentialsException("unknown or revoked key"));
            }
            return;
        }
        proceedAs(caller.get(), request, response, chain);
    }

    /**
     * The key's lookup could not reach the database. Outside the controllers, the API's error handling never saw it:
     * every request whose key had left the cache was a bare 500 without a request id. Any other failure of the lookup
     * is the ledger's own and stays a 500.
     */
    private void unavailable(DataAccessException failure, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!ConnectionFailures.noneHad(failure) && !ConnectionFailures.lost(failure)) {
            throw failure;
        }
        logger.warn("API key lookup failed: the database is unavailable", failure);
        problems.databaseUnavailable(request, response);
    }

    private static void proceedAs(Caller caller, HttpServletRequest request, HttpServletResponse response,
                                  FilterChain chain) throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private Optional<Caller> authenticate(String token) {
        if (jwts != null && JwtCallers.looksLikeJwt(token)) {
            // A token that is no JWT (an API key may have a JWT's shape) is refused without asking the issuer, and
            // so is looked up as a key below even while the issuer is down. A JWT is never tried as a key then: an
            // outage is no failed attempt, and a key lookup that is not counted as one would let guesses through
            // the failed-attempt limit.
            Optional<Caller> caller = jwts.authenticate(token);
            if (caller.isPresent()) {
                return caller;
            }
        }
        return apiKey(token);
    }

    private Optional<Caller> apiKey(String token) {
        return token.length() > KEY_LENGTH_MAX ? Optional.empty() : keys.authenticate(token);
    }

    private static Optional<String> bearerToken(String header) {
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        return token.isEmpty() || token.length() > TOKEN_LENGTH_MAX || token.indexOf(' ') >= 0 ? Optional.empty()
                : Optional.of(token);
    }
}
