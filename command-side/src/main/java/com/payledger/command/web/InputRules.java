package com.payledger.command.web;

import com.payledger.command.account.AccountId;
import com.payledger.events.IdFormat;
import java.util.Currency;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shape rules for request fields, checked at the HTTP edge before any command exists. Each failure is a 400 with a
 * code naming the rule and the offending field.
 */
public final class InputRules {

    public static final int TEXT_LENGTH_MAX = 500;
    public static final int METADATA_ENTRIES_MAX = 32;
    public static final int METADATA_KEY_LENGTH_MAX = 64;
    public static final int METADATA_VALUE_LENGTH_MAX = 512;
    /** Owner ids are the client's own user ids: a little more liberal than ledger ids (e-mail-like ids pass). */
    public static final Pattern OWNER_ID_FORMAT = IdFormat.OWNER_ID.pattern();
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    /**
     * The codes the JDK still knows although ISO 4217 has withdrawn them (its list of historic denominations): the
     * national currencies the euro replaced (the last, BGN, in January 2026) and those replaced by a new code (HRK by
     * EUR, VEF by VES and VED, ZWL by ZWG, ANG by XCG, SLL by SLE, CUC by CUP, ...). The JDK keeps them for old data,
     * so they would otherwise open accounts in money that no longer exists.
     */
    private static final Set<String> WITHDRAWN_CURRENCIES = Set.of("ADP", "AFA", "ANG", "ATS", "AYM", "AZM", "BEF",
            "BGL", "BGN", "BYB", "BYR", "CSD", "CUC", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GHC", "GRD", "GWP",
            "HRK", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MZM", "NLG", "PTE", "ROL", "RUR", "SDD",
            "SIT", "SKK", "SLL", "SRG", "STD", "TMM", "TPE", "TRL", "USS", "VEB", "VEF", "YUM", "ZMK", "ZWD", "ZWL",
            "ZWN", "ZWR");

    private InputRules() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw Problems.badRequest("MISSING_FIELD", field, field + " is required");
        }
        return value;
    }

    public static String id(String value, String field) {
        required(value, field);
        if (!AccountId.FORMAT.matcher(value).matches()) {
            throw Problems.badRequest("INVALID_ID", field,
                    field + " must be 1 to 64 letters, digits or . _ : - and start with a letter or digit");
        }
        return value;
    }

    public static String ownerId(String value, String field) {
        required(value, field);
        if (!OWNER_ID_FORMAT.matcher(value).matches()) {
            throw Problems.badRequest("INVALID_OWNER_ID", field,
                    field + " must be 1 to 128 letters, digits or . _ : @ + - and start with a letter or digit");
        }
        return value;
    }

    public static Currency currency(String code, String field) {
        required(code, field);
        if (CURRENCY_CODE.matcher(code).matches()) {
            try {
                return Currency.getInstance(code);
            } catch (IllegalArgumentException unknown) {
                // falls through to the same answer as a malformed code
            }
        }
        throw Problems.badRequest("INVALID_CURRENCY", field, field + " must be an ISO-4217 currency code");
    }

    /**
     * The currency of a new account: a current ISO-4217 code that has minor units. Amounts are integers in minor
     * units, which ISO 4217 does not define for XXX (no currency), XTS (testing), the precious metals and the
     * supranational units such as XDR: an amount in those would mean nothing definite. A withdrawn code names money
     * that no longer exists. Only opening is refused, so that an account opened in one before keeps moving its money
     * out and can be closed.
     */
    public static Currency accountCurrency(String code, String field) {
        Currency currency = currency(code, field);
        if (WITHDRAWN_CURRENCIES.contains(currency.getCurrencyCode())) {
            throw Problems.badRequest("INVALID_CURRENCY", field, field + " " + code + " is withdrawn from ISO 4217: "
                    + "accounts are opened only in current currencies");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw Problems.badRequest("INVALID_CURRENCY", field, field + " must be an ISO-4217 currency code with "
                    + "minor units (not XXX, XTS, a precious metal or a unit such as XDR)");
        }
        return currency;
    }

    /** Optional free text: null passes; otherwise at most {@link #TEXT_LENGTH_MAX} characters, no control chars. */
    public static String text(String value, String field) {
        if (value != null && (characters(value) > TEXT_LENGTH_MAX || hasControlCharacter(value))) {
            throw Problems.badRequest("INVALID_TEXT", field,
                    field + " must be at most " + TEXT_LENGTH_MAX + " characters without control characters or "
                            + "unpaired surrogates");
        }
        return value;
    }

    public static Map<String, String> metadata(Map<String, String> metadata, String field) {
        if (metadata == null) {
            return Map.of();
        }
        boolean valid = metadata.size() <= METADATA_ENTRIES_MAX && metadata.entrySet().stream().allMatch(e ->
                e.getKey() != null && !e.getKey().isEmpty() && characters(e.getKey()) <= METADATA_KEY_LENGTH_MAX
                        && !hasControlCharacter(e.getKey())
                        && e.getValue() != null && characters(e.getValue()) <= METADATA_VALUE_LENGTH_MAX
                        && !hasControlCharacter(e.getValue()));
        if (!valid) {
            throw Problems.badRequest("INVALID_METADATA", field, field + " allows at most " + METADATA_ENTRIES_MAX
                    + " string entries, keys of 1 to " + METADATA_KEY_LENGTH_MAX + " and values of at most "
                    + METADATA_VALUE_LENGTH_MAX + " characters, without control characters");
        }
        return Map.copyOf(metadata);
    }

    /**
     * Characters as the limits count them, and as PostgreSQL's varchar and most clients do: code points. Java's
     * length counts UTF-16 units, so 251 emoji were "more than 500 characters".
     */
    public static int characters(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * Control characters, and half of a surrogate pair: JSON lets a client send "\\uD83D" alone, but no UTF-8 text can
     * hold it, so PostgreSQL and every auditor's JSON tool would choke on the stored event.
     */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            boolean pairStarts = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pairStarts) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
