package com.payledger.command.recurringpayment;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/** Value checks for each supported RRULE part, with the ranges RFC 5545 allows. */
final class RulePartChecks {

    private static final Pattern WEEKDAY = Pattern.compile("(MO|TU|WE|TH|FR|SA|SU)");
    private static final Pattern ORDINAL_WEEKDAY = Pattern.compile("([+-]?)([0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)");
    /** A date only: occurrences are local dates, and lib-recur refuses an absolute UNTIL with a floating start. */
    private static final Pattern UNTIL = Pattern.compile("[0-9]{8}");

    /**
     * The numbers of each part as RFC 5545 writes them. The parts' own checks parse with Integer.parseInt, which
     * also reads "+5" and other scripts' digits ("٣"): a rule stored with them is one no other RFC 5545 reader
     * takes. Stored rules keep being read as they are, so this holds new rules only.
     */
    private static final Map<String, Pattern> NUMBERS_AS_SENT = Map.of(
            "INTERVAL", Pattern.compile("[0-9]+"),
            "COUNT", Pattern.compile("[0-9]+"),
            "BYMONTH", Pattern.compile("[0-9]+(,[0-9]+)*"),
            "BYMONTHDAY", Pattern.compile("[+-]?[0-9]+(,[+-]?[0-9]+)*"),
            "BYSETPOS", Pattern.compile("[+-]?[0-9]+(,[+-]?[0-9]+)*"),
            // A sign belongs to an ordinal: lib-recur cannot read "+MO" and dropped the whole BYDAY part unsaid, so
            // FREQ=MONTHLY;BYDAY=+MO paid on the 1st of every month.
            "BYDAY", Pattern.compile("([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU)"
                    + "(,([+-]?[0-9]{1,2})?(MO|TU|WE|TH|FR|SA|SU))*"));

    private RulePartChecks() {
    }

    static void check(String name, String value) {
        switch (name) {
            case "FREQ" -> require(RuleText.SUPPORTED_FREQUENCIES.contains(value),
                    "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
            case "INTERVAL" -> integers(value, 1, 1000, false, "INTERVAL must be 1 to 1000");
            case "COUNT" -> integers(value, 1, RecurrenceCalendar.SCAN_MAX, false, "COUNT must be 1 to 100000");
            case "UNTIL" -> require(UNTIL.matcher(value).matches(), "UNTIL must be a date like 20271231 (no time)");
            case "BYMONTHDAY" -> integers(value, 1, 31, true, "BYMONTHDAY values must be 1 to 31 or -31 to -1");
            case "BYMONTH" -> integers(value, 1, 12, false, "BYMONTH values must be 1 to 12");
            case "BYSETPOS" -> integers(value, 1, 366, true, "BYSETPOS values must be 1 to 366 or -366 to -1");
            case "WKST" -> require(WEEKDAY.matcher(value).matches(), "WKST must be a weekday such as MO");
            case "BYDAY" -> {
                for (String day : value.split(",", -1)) {
                    var matcher = ORDINAL_WEEKDAY.matcher(day);
                    require(matcher.matches() && (matcher.group(2) == null || ordinalInRange(matcher.group(2))),
                            "BYDAY values must be weekdays with an optional ordinal such as MO, 1MO or -1FR");
                }
            }
            default -> throw new IllegalArgumentException("unsupported rrule part " + name);
        }
    }

    /**
     * What a rule as a client sends it must be beyond what {@link RuleText#read} checks, which stored rules
     * go through as well and so may not tighten:
     * <ul>
     *   <li>no control character: the rule is stored as sent, and parsing trims both ends, so a NUL there passed the
     *       checks and reached the read model's insert, which PostgreSQL refused (a 500);</li>
     *   <li>no empty part but a single trailing one ("FREQ=DAILY;" is common): parsing drops trailing empty parts,
     *       so "FREQ=DAILY;;" read as FREQ=DAILY;</li>
     *   <li>an UNTIL that is a calendar date: lib-recur reads 20271301 or 20270230 as some other date;</li>
     *   <li>numbers in ASCII digits, signed only where RFC 5545 allows a sign;</li>
     * </ul>
     * It runs on a rule {@link RuleText#read} has taken, which bounds its length for the patterns here.
     */
    static void checkAsSent(String rrule) {
        require(rrule.chars().noneMatch(Character::isISOControl), "rrule must not contain control characters");
        String trimmed = rrule.strip().replaceFirst("(?i)^RRULE:", "");
        String[] parts = (trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed)
                .split(";", -1);
        for (String part : parts) {
            require(!part.isBlank(), "rrule has an empty part: two ';' in a row, or one at the start");
            String[] nameAndValue = part.split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].strip().equalsIgnoreCase("UNTIL")) {
                require(isCalendarDate(nameAndValue[1].strip()), "UNTIL must be a date like 20271231 (no time)");
            }
            Pattern numbers = nameAndValue.length == 2
                    ? NUMBERS_AS_SENT.get(nameAndValue[0].strip().toUpperCase(java.util.Locale.ROOT)) : null;
            require(numbers == null
                            || numbers.matcher(nameAndValue[1].strip().toUpperCase(java.util.Locale.ROOT)).matches(),
                    "rrule numbers are ASCII digits, signed only in BYMONTHDAY, BYSETPOS and BYDAY ordinals");
        }
    }

    /**
     * Of a new rule, with its parts as {@link RuleText#read} took them: two yearly shapes lib-recur reads otherwise
     * than RFC 5545, each found by comparing its dates with an RFC 5545 reading of thousands of random rules. A
     * ledger must not pay on dates its client did not mean, so a new rule of either shape is refused, with the
     * spelling that says what was meant; stored ones are read as they always were, which is what their upcoming
     * runs have shown.
     * <ul>
     *   <li>BYMONTHDAY without BYMONTH: RFC 5545's table expands it to every month, lib-recur keeps to startDate's
     *       month ({@code FREQ=YEARLY;BYMONTHDAY=13} from 2027-05-20 paid on May 13ths, where the RFC reads the 13th
     *       of every month). Other readers split the same way, so the rule is ambiguous as written.</li>
     *   <li>BYSETPOS over several BYMONTH months: lib-recur counts the first year's positions from startDate's
     *       month, not from January ({@code FREQ=YEARLY;BYMONTH=1,7;BYSETPOS=1} from 2027-03-01 paid on
     *       2027-07-01 as well as every January 1st).</li>
     * </ul>
     */
    static void checkYearly(Map<String, String> parts) {
        if (!"YEARLY".equals(parts.get("FREQ"))) {
            return;
        }
        require(!parts.containsKey("BYMONTHDAY") || parts.containsKey("BYMONTH"),
                "FREQ=YEARLY with BYMONTHDAY needs BYMONTH: without it, readers of RFC 5545 disagree whether it means "
                        + "every month or only the startDate's month; name the month (BYMONTH=5 for once a year), or "
                        + "use FREQ=MONTHLY for every month");
        require(!parts.containsKey("BYSETPOS") || !parts.getOrDefault("BYMONTH", "").contains(","),
                "FREQ=YEARLY with BYSETPOS takes a single BYMONTH month: write a schedule for each month, or use "
                        + "FREQ=MONTHLY with BYMONTH and BYSETPOS to pick a date within each month");
    }

    /** The combinations RFC 5545 forbids, which lib-recur would otherwise read as some other schedule. */
    static void checkCombination(Map<String, String> parts) {
        String frequency = parts.get("FREQ");
        require(frequency != null, "rrule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)");
        require(!(parts.containsKey("COUNT") && parts.containsKey("UNTIL")), "COUNT and UNTIL exclude each other");
        require(!(frequency.equals("WEEKLY") && parts.containsKey("BYMONTHDAY")),
                "BYMONTHDAY cannot be used with FREQ=WEEKLY");
        String byDay = parts.get("BYDAY");
        boolean ordinals = byDay != null && java.util.Arrays.stream(byDay.split(","))
                .anyMatch(day -> day.length() > 2);
        require(!ordinals || frequency.equals("MONTHLY") || frequency.equals("YEARLY"),
                "BYDAY ordinals such as 1MO need FREQ=MONTHLY or FREQ=YEARLY");
        require(!parts.containsKey("BYSETPOS") || parts.keySet().stream()
                        .anyMatch(name -> name.startsWith("BY") && !name.equals("BYSETPOS")),
                "BYSETPOS needs another BY... part to select from");
    }

    /** lib-recur reads 20271301 or 20270230 as some other date; a date the calendar does not have is refused. */
    private static boolean isCalendarDate(String yyyymmdd) {
        try {
            return LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE).getYear() >= 1;
        } catch (DateTimeParseException notADate) {
            return false;
        }
    }

    private static boolean ordinalInRange(String ordinal) {
        int value = Integer.parseInt(ordinal);
        return value >= 1 && value <= 53;
    }

    private static void integers(String value, int min, int max, boolean negativeAllowed, String message) {
        for (String item : value.split(",", -1)) {
            int number;
            try {
                number = Integer.parseInt(item);
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException(message, notANumber);
            }
            boolean inRange = number >= min && number <= max || negativeAllowed && number <= -min && number >= -max;
            require(inRange, message);
        }
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
