package com.payledger.infra.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that keep browsers away from the API's answers. Spring Security writes them on every answer that
 * passes through it; the refusals written before it runs (body too large, a media type refused) or by Tomcat before
 * the application sees the request went out without them, so those writers add them here, with the same values.
 */
public final class BrowserHeaders {

    /** The API's policy: its answers are data, never a page to render or frame. */
    public static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    private static final Map<String, String> HEADERS = headers();

    private BrowserHeaders() {
    }

    /** Sets each header {@code response} does not carry yet; one already set (by Spring Security) stays. */
    public static void addMissing(HttpServletResponse response) {
        HEADERS.forEach((name, value) -> {
            if (!response.containsHeader(name)) {
                response.setHeader(name, value);
            }
        });
    }

    private static Map<String, String> headers() {
        // As Spring Security's defaults write them, so a refusal looks like every other answer.
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", API_CONTENT_SECURITY_POLICY);
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        headers.put("Pragma", "no-cache");
        headers.put("Expires", "0");
        return headers;
    }
}
