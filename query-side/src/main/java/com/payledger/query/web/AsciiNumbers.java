package com.payledger.query.web;

/**
 * Whole numbers in query parameters and cursors, written in ASCII digits only. {@link Long#parseLong} also takes
 * other scripts' digits (a fullwidth {@code １} read as 1) and a leading {@code +}, so a number a client or a gateway
 * checked with {@code [0-9]} could be read here as another.
 */
public final class AsciiNumbers {

    private AsciiNumbers() {
    }

    /**
     * {@code value} as a long; {@link NumberFormatException} unless it is an optional minus and ASCII digits (null
     * included).
     */
    public static long parseLong(String value) {
        requireAscii(value);
        return Long.parseLong(value);
    }

    /** {@code value} as an int; {@link NumberFormatException} unless it is an optional minus and ASCII digits. */
    public static int parseInt(String value) {
        requireAscii(value);
        return Integer.parseInt(value);
    }

    private static void requireAscii(String value) {
        if (value == null) {
            // As Long.parseLong does: callers answer a missing parameter like a malformed one.
            throw new NumberFormatException("no value");
        }
        int start = value.startsWith("-") ? 1 : 0;
        if (value.length() == start) {
            throw new NumberFormatException("no digits: " + value);
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not an ASCII integer: " + value);
            }
        }
    }
}
