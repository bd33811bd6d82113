package com.payledger.infra.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/** Limits each authenticated caller's request rate: over the limit, 429 RATE_LIMITED with Retry-After. */
final class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter perCaller;

    RateLimitFilter(RateLimiter perCaller) {
        this.perCaller = perCaller;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Caller.current();
        long wait = caller.map(c -> perCaller.take(c.principal())).orElse(0L);
        if (wait > 0) {
            RateLimiter.refuse(wait, request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
