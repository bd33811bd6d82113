package com.payledger.command.recurringpayment;

import java.util.Arrays;
import java.util.Map;

/**
 * How much work lib-recur does per period of a rule's FREQ (a day, week, month or year, times INTERVAL): the
 * candidate dates its BY parts expand into before they are limited (RFC 5545's table of which part expands and
 * which limits), plus one for the period itself, twice that with BYSETPOS. Walking the calendar costs about this
 * much per period whether or not it yields occurrences, at 30-70 ns a unit, so a walk is bounded by the number of
 * periods it may cross.
 *
 * <p>Duplicates count: lib-recur expands {@code BYDAY=MO,MO} twice before it drops the second.
 */
final class RuleCost {

    /** Mondays (or any weekday) in a month, and in a year, rounded up. */
    private static final int WEEKDAYS_PER_MONTH = 5;
    private static final int WEEKDAYS_PER_YEAR = 53;

    private RuleCost() {
    }

    /** @param parts the rule's parts by name, as {@link RuleText#read} checked them */
    static int candidatesPerPeriod(Map<String, String> parts) {
        String byDay = parts.get("BYDAY");
        String byMonthDay = parts.get("BYMONTHDAY");
        String byMonth = parts.get("BYMONTH");
        int candidates = switch (parts.get("FREQ")) {
            case "WEEKLY" -> byDay == null ? 1 : count(byDay);
            case "MONTHLY" -> byMonthDay != null ? count(byMonthDay) : byDay == null ? 1
                    : weekdays(byDay, WEEKDAYS_PER_MONTH);
            case "YEARLY" -> yearly(byDay, byMonthDay, byMonth);
            default -> 1; // DAILY: every BY part limits
        };
        // Each period costs something even when it expands to nothing, and BYSETPOS sorts every period's dates
        // first: measured, about twice the work per period.
        return (Math.max(1, candidates) + 1) * (parts.containsKey("BYSETPOS") ? 2 : 1);
    }

    private static int yearly(String byDay, String byMonthDay, String byMonth) {
        int months = byMonth == null ? 12 : count(byMonth);
        if (byMonthDay != null) {
            return months * count(byMonthDay);
        }
        if (byDay != null) {
            return byMonth == null ? weekdays(byDay, WEEKDAYS_PER_YEAR) : months * weekdays(byDay, WEEKDAYS_PER_MONTH);
        }
        return byMonth == null ? 1 : months;
    }

    /** A plain weekday expands to each of its days in the scope; one with an ordinal (1MO, -1FR) to one. */
    private static int weekdays(String byDay, int perScope) {
        return Arrays.stream(byDay.split(",")).mapToInt(day -> day.length() > 2 ? 1 : perScope).sum();
    }

    private static int count(String list) {
        return list.split(",").length;
    }
}
