package com.payledger.query.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Parses the paging and time-window parameters shared by list endpoints. The cursor is opaque to clients: a
 * versioned, base64url-encoded position, so its format can change without breaking them.
 */
public final class PageRequest {

    public static final int LIMIT_DEFAULT = 50;
    public static final int LIMIT_MAX = 500;
    private static final String CURSOR_PREFIX = "v1:";
    private static final Instant INSTANT_MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant INSTANT_MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private PageRequest() {
    }

    public static int limit(String value) {
        if (value == null) {
            return LIMIT_DEFAULT;
        }
        try {
            int limit = AsciiNumbers.parseInt(value);
            if (limit >= 1 && limit <= LIMIT_MAX) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like an out-of-range limit
        }
        throw QueryProblems.badParameter("INVALID_LIMIT", "limit", "limit must be an integer from 1 to " + LIMIT_MAX);
    }

    /** The position after which the next page starts, or {@code null} for the first page. */
    public static Long cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
            if (decoded.startsWith(CURSOR_PREFIX)) {
                long position = AsciiNumbers.parseLong(decoded.substring(CURSOR_PREFIX.length()));
                if (position >= 0) {
                    return position;
                }
            }
        } catch (IllegalArgumentException malformed) {
            // NumberFormatException is an IllegalArgumentException too; answered below
        }
        throw QueryProblems.badParameter("INVALID_CURSOR", "cursor", "cursor must be a value returned as nextCursor");
    }

    public static String encodeCursor(long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * An instant from year 1 to 9999. Java parses instants up to the year 1000000000, which PostgreSQL cannot
     * compare with a timestamp: such an instant failed the query, a 500.
     */
    public static Instant instant(String value, String parameter) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException malformed) {
            instant = null;
        }
        if (instant == null || instant.isBefore(INSTANT_MIN) || instant.isAfter(INSTANT_MAX)) {
            throw QueryProblems.badParameter("INVALID_TIMESTAMP", parameter,
                    parameter + " must be an ISO-8601 instant such as 2027-01-31T09:00:00Z, in the years 1 to 9999");
        }
        return instant;
    }
}
