package com.payledger.infra.security;

import com.payledger.infra.security.apikey.ApiKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>} against the stored key hashes. A request without the header
 * goes on anonymous (only health and the OpenAPI description admit it); a request with a bad one is refused here,
 * even on a public path, so a client learns at once that its key is wrong. Failed attempts count against the
 * caller's address: past the limit a guess gets 429 instead of 401, while valid keys from the same address (say,
 * behind one proxy) keep working.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String SCHEME = "Bearer ";

    private final ApiKeys keys;
    private final ProblemResponses problems;
    private final RateLimiter failedAttempts;

    ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems, RateLimiter failedAttempts) {
        this.keys = keys;
        this.problems = problems;
        this.failedAttempts = failedAttempts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller = bearerToken(header).flatMap(keys::authenticate);
        if (caller.isEmpty()) {
            long wait = failedAttempts.take(request.getRemoteAddr());
            if (wait > 0) {
                RateLimiter.refuse(wait, request, response);
            } else {
                problems.commence(request, response, new BadCredentialsException("unknown or revoked key"));
            }
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static Optional<String> bearerToken(String header) {
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = header.substring(SCHEME.length()).strip();
        // Nothing this long or with spaces is a key: refuse it without hashing megabytes.
        return token.isEmpty() || token.length() > 512 || token.indexOf(' ') >= 0 ? Optional.empty()
                : Optional.of(token);
    }
}
