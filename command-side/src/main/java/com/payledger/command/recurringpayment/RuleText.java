package com.payledger.command.recurringpayment;

import com.payledger.events.recurringpayment.ShortMonthPolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;

/**
 * A schedule's RRULE as text: its parts by name, each checked by name and value range (so that a typo is an error
 * rather than a silently different schedule), and the rule lib-recur parses from it.
 *
 * <p>Stored rules are read with this too, so it must keep accepting every rule it ever accepted (a trailing ";", a tab
 * trimmed away, an UNTIL lib-recur reads as another date): the stricter checks of a rule as a client sends it now are
 * {@link RulePartChecks#checkAsSent}'s.
 */
record RuleText(Map<String, String> parts, RecurrenceRule rule) {

    /** The RRULE parts a client may use; RSCALE and SKIP come from the short-month policy instead. */
    static final Set<String> SUPPORTED_PARTS = Set.of("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY",
            "BYMONTH", "BYSETPOS", "WKST");
    static final Set<String> SUPPORTED_FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY", "YEARLY");

    RuleText {
        parts = Map.copyOf(parts);
    }

    /**
     * The rule's parts and the rule itself, CLAMP adding RFC 7529's {@code RSCALE=GREGORIAN;SKIP=BACKWARD}.
     *
     * @throws IllegalArgumentException when a part is unsupported, out of range, repeated, or the combination is
     */
    static RuleText read(String rrule, ShortMonthPolicy shortMonthPolicy) {
        Map<String, String> parts = parts(rrule);
        String normalized = normalized(rrule);
        String effective = clamps(shortMonthPolicy, parts)
                ? normalized + ";RSCALE=GREGORIAN;SKIP=BACKWARD" : normalized;
        try {
            return new RuleText(parts, new RecurrenceRule(effective));
        } catch (InvalidRecurrenceRuleException | RuntimeException invalid) {
            throw new IllegalArgumentException("invalid rrule: " + invalid.getMessage(), invalid);
        }
    }

    /**
     * Whether the rule is read with RFC 7529's SKIP=BACKWARD. lib-recur cannot expand that with BYMONTHDAY and BYDAY
     * together ("Friday the 13th" under CLAMP was refused as producing no dates). Month days of at most 28 (or -28)
     * fall in every month, so there is nothing to clamp and the rule is read as RFC 5545 writes it; a later month
     * day with BYDAY is refused in words a client can act on. No stored rule has either combination under CLAMP:
     * both were refused when created.
     */
    private static boolean clamps(ShortMonthPolicy shortMonthPolicy, Map<String, String> parts) {
        if (shortMonthPolicy != ShortMonthPolicy.CLAMP) {
            return false;
        }
        if (!parts.containsKey("BYDAY") || !parts.containsKey("BYMONTHDAY")) {
            return true;
        }
        boolean everyMonthHasThem = java.util.Arrays.stream(parts.get("BYMONTHDAY").split(","))
                .mapToInt(day -> Math.abs(Integer.parseInt(day))).allMatch(day -> day <= 28);
        if (!everyMonthHasThem) {
            throw new IllegalArgumentException("shortMonthPolicy CLAMP cannot move a BYMONTHDAY past 28 while BYDAY "
                    + "also selects the dates: use SKIP, or month days up to 28");
        }
        return false;
    }

    private static Map<String, String> parts(String rrule) {
        if (rrule == null || rrule.isBlank() || rrule.length() > 200) {
            throw new IllegalArgumentException("rrule must be 1 to 200 characters");
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : normalized(rrule).split(";")) {
            String[] nameAndValue = part.split("=", 2);
            if (nameAndValue.length != 2 || !SUPPORTED_PARTS.contains(nameAndValue[0])) {
                throw new IllegalArgumentException("unsupported rrule part '" + part + "'; supported: "
                        + String.join(", ", SUPPORTED_PARTS.stream().sorted().toList()));
            }
            if (parts.put(nameAndValue[0], nameAndValue[1]) != null) {
                throw new IllegalArgumentException("rrule part " + nameAndValue[0] + " appears twice");
            }
            RulePartChecks.check(nameAndValue[0], nameAndValue[1]);
        }
        RulePartChecks.checkCombination(parts);
        return parts;
    }

    private static String normalized(String rrule) {
        String normalized = rrule.trim().toUpperCase(Locale.ROOT);
        return normalized.startsWith("RRULE:") ? normalized.substring("RRULE:".length()) : normalized;
    }
}
