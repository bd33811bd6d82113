package com.payledger.infra.security;

import com.payledger.infra.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Token buckets by key: each key may take {@code ratePerSecond} requests per second on average and {@code burst} at
 * once. The buckets live in this instance's memory, so with several instances behind a balancer each enforces its
 * own share. A rate of zero disables the limit.
 */
final class RateLimiter {

    /** Past this many buckets, full (idle) ones are forgotten: a full bucket and a missing one behave alike. */
    private static final int SWEEP_THRESHOLD = 10_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
        if (ratePerSecond < 0 || (ratePerSecond > 0 && burst < 1)) {
            throw new IllegalArgumentException("a rate limit needs a rate >= 0 and a burst >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for {@code key}: 0 if granted, otherwise the nanoseconds until one will be there. */
    long take(String key) {
        if (ratePerSecond == 0) {
            return 0;
        }
        if (buckets.size() > SWEEP_THRESHOLD) {
            long now = nanoTime.getAsLong();
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(nanoTime.getAsLong())).take(nanoTime.getAsLong());
    }

    /** The nanoseconds until {@code key} has a token, 0 if it has one now; takes none. */
    long waitNanos(String key) {
        if (ratePerSecond == 0) {
            return 0;
        }
        Bucket bucket = buckets.get(key);
        return bucket == null ? 0 : bucket.waitNanos(nanoTime.getAsLong());
    }

    static void refuse(long waitNanos, HttpServletRequest request, HttpServletResponse response) throws IOException {
        long seconds = Math.max(1, (waitNanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemWriter.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                "too many requests; retry after " + seconds + " s");
    }

    private final class Bucket {

        private double tokens = burst;
        private long refilledAt;

        Bucket(long now) {
            this.refilledAt = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return nanosUntilOneToken();
        }

        synchronized long waitNanos(long now) {
            refill(now);
            return tokens >= 1 ? 0 : nanosUntilOneToken();
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerSecond / NANOS_PER_SECOND);
            refilledAt = now;
        }

        private long nanosUntilOneToken() {
            return Math.max(1, (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / ratePerSecond));
        }
    }
}
