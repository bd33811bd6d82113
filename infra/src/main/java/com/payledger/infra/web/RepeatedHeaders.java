package com.payledger.infra.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Whether a header that must appear once came twice. Tomcat and Spring take the first; a gateway in front may have
 * checked the other, so such a request is refused rather than read one way here and another way there.
 */
public final class RepeatedHeaders {

    private RepeatedHeaders() {
    }

    /** Checked on every request: walks at most two values, allocating nothing. */
    public static boolean sentMoreThanOnce(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return false;
        }
        values.nextElement();
        return values.hasMoreElements();
    }
}
