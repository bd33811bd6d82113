package com.payledger.query.web;

import com.payledger.events.IdFormat;
import java.util.Currency;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of list endpoints, checked before they reach PostgreSQL: a value no row can hold is the client's
 * bug, a 400 with a stable code, not an empty page (and text such as a NUL character would fail the query, a 500).
 */
public final class ListFilters {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private ListFilters() {
    }

    /** {@code value} when it is an owner id the command side could have stored. */
    public static String ownerId(String value) {
        if (value != null && !IdFormat.OWNER_ID.matches(value)) {
            throw QueryProblems.badParameter("INVALID_OWNER_ID", "ownerId", "ownerId must be 1 to 128 letters, "
                    + "digits or . _ : @ + - and start with a letter or digit");
        }
        return value;
    }

    /** {@code value} when it is one of {@code allowed}; the 400 names them. */
    public static String oneOf(String value, Set<String> allowed, String code, String parameter) {
        if (value != null && !allowed.contains(value)) {
            throw QueryProblems.badParameter(code, parameter, parameter + " must be one of "
                    + allowed.stream().sorted().toList());
        }
        return value;
    }

    /** {@code value} when it is an ISO-4217 code, as a body's currency must be: a typo is refused, not found empty. */
    public static String currency(String value) {
        if (value != null && !(CURRENCY.matcher(value).matches() && isKnown(value))) {
            throw QueryProblems.badParameter("INVALID_CURRENCY", "currency",
                    "currency must be an ISO-4217 code such as EUR");
        }
        return value;
    }

    private static boolean isKnown(String code) {
        try {
            return Currency.getInstance(code) != null;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
