package com.payledger.infra.security.jwt;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;

/**
 * Builds the decoder (which asks the issuer for its discovery document) on first use rather than at start, so the
 * service starts, and API keys work, while the issuer is down. Unlike Spring's {@code SupplierJwtDecoder}, a failed
 * build is not retried by every waiting request in turn: requests wait at most {@code wait} for a build under way,
 * and for {@code backoff} after a failure they fail at once. Each request is so bounded by the HTTP timeouts.
 */
final class LazyIssuerDecoder implements JwtDecoder {

    private final Supplier<JwtDecoder> build;
    private final Duration wait;
    private final long backoffNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock building = new ReentrantLock();
    private volatile JwtDecoder decoder;
    /** Guarded by {@code building}. */
    private RuntimeException lastFailure;
    private long failedAt;

    LazyIssuerDecoder(Supplier<JwtDecoder> build, Duration wait, Duration backoff, LongSupplier nanoTime) {
        this.build = build;
        this.wait = wait;
        this.backoffNanos = backoff.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * A token that is no JWT at all is refused before the issuer is asked: that is the token's fault whatever the
     * issuer's state. So while the issuer is down, such a token is looked up as an API key, which may have a JWT's
     * shape (the bootstrap key is any secret the operator chose), and counts as a failed attempt when it is none.
     */
    @Override
    public Jwt decode(String token) {
        try {
            JWTParser.parse(token);
        } catch (ParseException notAJwt) {
            throw new BadJwtException("not a JWT: " + notAJwt.getMessage(), notAJwt);
        }
        return decoder().decode(token);
    }

    JwtDecoder decoder() {
        JwtDecoder built = decoder;
        if (built != null) {
            return built;
        }
        try {
            if (!building.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new JwtDecoderInitializationException("the issuer's discovery is still under way", null);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new JwtDecoderInitializationException("interrupted waiting for the issuer's discovery", null);
        }
        try {
            return buildOnce();
        } finally {
            building.unlock();
        }
    }

    private JwtDecoder buildOnce() {
        if (decoder != null) {
            return decoder;
        }
        if (lastFailure != null && nanoTime.getAsLong() - failedAt < backoffNanos) {
            throw new JwtDecoderInitializationException("the issuer's discovery failed recently: "
                    + lastFailure.getMessage(), lastFailure);
        }
        try {
            decoder = build.get();
            lastFailure = null;
            return decoder;
        } catch (RuntimeException failure) {
            lastFailure = failure;
            failedAt = nanoTime.getAsLong();
            throw new JwtDecoderInitializationException("the issuer's discovery failed: " + failure.getMessage(),
                    failure);
        }
    }
}
