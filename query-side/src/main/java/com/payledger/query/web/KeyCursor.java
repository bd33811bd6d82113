package com.payledger.query.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.web.ErrorResponseException;

/**
 * The cursor of a listing ordered by a text key (an id, a date): base64url of the last key of the previous page. It
 * is opaque to clients, so its format can change; cursors already handed out keep their {@code k:} prefix.
 */
public final class KeyCursor {

    private static final String PREFIX = "k:";

    private KeyCursor() {
    }

    public static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key {@code cursor} carries: null for none, a 400 {@code INVALID_CURSOR} for one never issued. */
    public static String decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith(PREFIX)) {
                return decoded.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw invalid();
    }

    /** The answer to a cursor that decodes but carries a key no page can end with. */
    public static ErrorResponseException invalid() {
        return QueryProblems.badParameter("INVALID_CURSOR", "cursor", "cursor must be a value returned as nextCursor");
    }
}
