package com.payledger.query.web;

import org.springframework.http.ResponseEntity;

/**
 * A read that carries its resource's version as a strong {@code ETag} (what {@code If-Match} takes on its changes),
 * so that Spring answers {@code If-None-Match} with 304 while it is unchanged. The cache headers every answer carries
 * are set here too: Spring Security leaves them off a 304, which must carry those a 200 would (RFC 9110, 15.4.5).
 */
public final class VersionedAnswer {

    private VersionedAnswer() {
    }

    public static <T> ResponseEntity<T> ok(long version, T body) {
        return ResponseEntity.ok().eTag("\"" + version + "\"")
                // As Spring Security writes them on every other answer.
                .header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
                .header("Pragma", "no-cache")
                .header("Expires", "0")
                .body(body);
    }
}
