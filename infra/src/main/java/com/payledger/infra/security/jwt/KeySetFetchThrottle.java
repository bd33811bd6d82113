package com.payledger.infra.security.jwt;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Lets the issuer's key set be fetched at most once per {@code interval}; the discovery document always passes.
 *
 * <p>Nimbus fetches the key set again for every token that names a key id it does not hold, and Spring Security 7
 * builds its key source with Nimbus's own rate limit off. Without this, anyone could send tokens with made-up key
 * ids and turn each request into a request to the issuer. A fetch refused after one that succeeded is the token's
 * fault (a key id the issuer's current set lacks): it stays a 401. One refused after a fetch that failed is the
 * issuer's outage, as that fetch was ({@link StillUnavailable}): a valid token answered 401 between two attempts,
 * was counted as a failed authentication of its address and got it blocked. A key the issuer has just rotated in is
 * usable within {@code interval} at worst.
 */
final class KeySetFetchThrottle implements ClientHttpRequestInterceptor {

    /** A key-set fetch refused because the last one was less than the interval ago. */
    static final class Throttled extends IOException {

        Throttled(Duration interval) {
            super("the issuer's key set was fetched less than " + interval.toSeconds() + " s ago");
        }
    }

    /** A key-set fetch refused within the interval after one that failed: the issuer is still out. */
    static final class StillUnavailable extends IOException {

        StillUnavailable(Duration interval) {
            super("the issuer's key set could not be fetched, and is tried again at most every "
                    + interval.toSeconds() + " s");
        }
    }

    private final Duration interval;
    private final LongSupplier nanoTime;
    private boolean fetchedBefore;
    private long lastFetch;
    private boolean lastFetchFailed;

    KeySetFetchThrottle(Duration interval, LongSupplier nanoTime) {
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (isDiscovery(request.getURI())) {
            return execution.execute(request, body);
        }
        take();
        boolean failed = true;
        try {
            ClientHttpResponse response = execution.execute(request, body);
            failed = !response.getStatusCode().is2xxSuccessful();
            return response;
        } finally {
            recordOutcome(failed);
        }
    }

    private synchronized void take() throws IOException {
        long now = nanoTime.getAsLong();
        if (fetchedBefore && now - lastFetch < interval.toNanos()) {
            throw lastFetchFailed ? new StillUnavailable(interval) : new Throttled(interval);
        }
        fetchedBefore = true;
        lastFetch = now;
    }

    private synchronized void recordOutcome(boolean failed) {
        lastFetchFailed = failed;
    }

    /** The last fetch's answer came but held no usable key set (read by the decoder after this saw its status). */
    synchronized void recordFailure() {
        lastFetchFailed = true;
    }

    /**
     * The issuer's metadata (OpenID Connect discovery, or RFC 8414 with the issuer's path after the well-known name).
     * A key set may itself live under {@code /.well-known/} (as {@code jwks.json}), so only these names pass.
     */
    static boolean isDiscovery(URI uri) {
        String path = uri.getPath() == null ? "" : uri.getPath();
        for (String document : new String[] {"/.well-known/openid-configuration",
                "/.well-known/oauth-authorization-server"}) {
            if (path.endsWith(document) || path.contains(document + "/")) {
                return true;
            }
        }
        return false;
    }
}
