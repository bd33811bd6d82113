package com.payledger.infra.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.NumberUtils;

/**
 * What a setting's value must look like, said in words an operator can act on. Each form accepts what the code
 * that reads the setting accepts (durations in ISO-8601 or Spring's {@code 10s} style, as {@code @Value} reads them),
 * and only values that code can use.
 */
@FunctionalInterface
interface Form {

    /** Why {@code value} is not of this form, or empty when it is. */
    Optional<String> problem(String value);

    /** Read as Spring reads it for the bean ({@code 0x10} too): the check refuses only what the bean cannot use. */
    static Form wholeNumber(long min, long max) {
        String expected = max == Long.MAX_VALUE ? "a whole number of at least " + min
                : "a whole number from " + min + " to " + max;
        return value -> {
            try {
                long number = NumberUtils.parseNumber(value, Long.class);
                return number < min || number > max ? Optional.of(expected) : Optional.empty();
            } catch (IllegalArgumentException notANumber) {
                return Optional.of(expected);
            }
        };
    }

    static Form decimalAtLeast(double min) {
        String expected = "a number of at least " + min;
        return value -> {
            try {
                double number = NumberUtils.parseNumber(value, Double.class);
                return Double.isFinite(number) && number >= min ? Optional.empty() : Optional.of(expected);
            } catch (NumberFormatException notANumber) {
                return Optional.of(expected);
            }
        };
    }

    /** A duration from {@code min} to {@code max}, both written as the operator would (e.g. "1 ms"). */
    static Form duration(Duration min, String minText, Duration max, String maxText, String example) {
        String expected = "a duration from " + minText + " to " + maxText + ", such as " + example;
        return value -> {
            try {
                // Not stripped: the conversion behind @Value refuses " PT1S" too.
                Duration duration = DurationStyle.detectAndParse(value);
                return duration.compareTo(min) < 0 || duration.compareTo(max) > 0 ? Optional.of(expected)
                        : Optional.empty();
            } catch (IllegalArgumentException notADuration) {
                return Optional.of(expected);
            }
        };
    }

    static Form oneOf(String... words) {
        String expected = "one of " + String.join(", ", words);
        return value -> Arrays.stream(words).anyMatch(word -> word.equals(value.strip().toLowerCase(Locale.ROOT)))
                ? Optional.empty() : Optional.of(expected);
    }

    /** Blank (the default applies) or text starting with {@code prefix}. */
    static Form blankOrStartingWith(String prefix, String meaning) {
        String expected = "empty for " + meaning + ", or a URL starting with " + prefix;
        return value -> value.isBlank() || value.strip().startsWith(prefix) ? Optional.empty()
                : Optional.of(expected);
    }
}
