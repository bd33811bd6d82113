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
 * ids and turn each request into a request to the issuer. A refused fetch is the token's fault: it stays a 401. A
 * key the issuer has just rotated in is usable within {@code interval} at worst.
 */
final class KeySetFetchThrottle implements ClientHttpRequestInterceptor {

    /** A key-set fetch refused because the last one was less than the interval ago. */
    static final class Throttled extends IOException {

        Throttled(Duration interval) {
            super("the issuer's key set was fetched less than " + interval.toSeconds() + " s ago");
        }
    }

    private final Duration interval;
    private final LongSupplier nanoTime;
    private boolean fetchedBefore;
    private long lastFetch;

    KeySetFetchThrottle(Duration interval, LongSupplier nanoTime) {
        this.interval = interval;
        this.nanoTime = nanoTime;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        if (!isDiscovery(request.getURI())) {
            take();
        }
        return execution.execute(request, body);
    }

    private synchronized void take() throws Throttled {
        long now = nanoTime.getAsLong();
        if (fetchedBefore && now - lastFetch < interval.toNanos()) {
            throw new Throttled(interval);
        }
        fetchedBefore = true;
        lastFetch = now;
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
