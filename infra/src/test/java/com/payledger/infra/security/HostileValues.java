package com.payledger.infra.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The raw material of hostile input, drawn from one seeded {@link Random}: strings that attack parsers, databases,
 * templates and terminals, numbers at and past every limit, malformed dates, forged cursors and path segments. None
 * of it contains a word the leak check looks for, so an error body that shows such a word did not echo it.
 */
final class HostileValues {

    /** Strings for text, id and code fields: injections, control and invisible characters, odd Unicode. */
    static final List<String> STRINGS = List.of(
            "'; drop table read_model.accounts; --", "' or '1'='1", "1; select pg_sleep(5)", "\" or 1=1 --",
            "x' union select secret_hash from security.api_keys --", "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1:1389/a}", "${7*7}", "#{7*7}", "{{7*7}}",
            "../../etc/passwd", "..\\..\\windows\\win.ini", "%00", "%2e%2e%2f", "\u0000", "a\u0000b",
            "\u202e\u200b\ufeff", "\r\nX-Injected: yes", "\u0007\u001b[31m", "\t", " ", "", "😀💸", "\ud83d",
            "\udc00x", "Ａ", "İı", "𝟙𝟚𝟛", "$(id)", "`id`", "|| true", "null", "undefined", "NaN", "-0", "EUR",
            "\\u0000", "%n%s%s%s", "a".repeat(65), "b".repeat(129), "c".repeat(501), "d".repeat(5_000),
            "é".repeat(300), "😀".repeat(260), "STANDARD", "EXTERNAL", "CLIENT", "ADMIN", "AUDITOR", "treasury");

    /** JSON number tokens (and near-numbers) at and beyond every limit an amount or count has. */
    static final List<String> NUMBERS = List.of(
            "0", "-0", "1", "-1", "-5", "0.5", "1.0", "1.5", "-1.5", "1e2", "1E-7", "1e400", "-1e400",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "99999999999999999999", "1000000000000000", "1000000000000001", "2147483647", "2147483648",
            "0.0000000000000000000001", "1" + "0".repeat(1_500), "NaN", "Infinity", "-Infinity", "0x10", "01",
            "+1", "1_000", ".5", "5.", "1e", "--1", "\"100\"", "\"1e3\"", "\"-1\"", "\"\"", "true", "false",
            "null", "[]", "[1]", "{}", "{\"amountMinor\":1}");

    /** Tokens of the wrong JSON shape for any field. */
    static final List<String> SHAPES = List.of(
            "null", "true", "false", "0", "-1", "1.5", "\"\"", "[]", "[\"EUR\"]", "[null]", "{}",
            "{\"$ne\":null}", "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}", "[" .repeat(40) + "]".repeat(40),
            "\"" + "x".repeat(20_000) + "\"");

    static final List<String> CURRENCIES = List.of(
            "eur", "Eur", "EURO", "EU", "E", "ZZZ", "XXX", "XTS", "XAU", "USD", "JPY", "123", "€", "E U", " EUR",
            "EUR ", "ΕUR", "EUR\u0000", "");

    static final List<String> DATES = List.of(
            "2027-02-30", "2027-13-01", "2027-1-1", "31.01.2027", "0000-00-00", "+999999999-12-31",
            "-999999999-01-01", "+1000000000-01-01", "9999-12-31", "1900-01-01", "2027-01-01T00:00:00Z", "today",
            "", "2027-01-01\u0000", "20270101");

    static final List<String> TIMES = List.of("24:00", "25:00", "-01:00", "10:00:00.999999999", "10", "10:60",
            "10:00Z", "noon", "");

    static final List<String> ZONES = List.of("Mars/Base", "UTC", "Z", "+18:00", "+19:00", "GMT+99", "Etc/GMT+14",
            "../../etc/passwd", "Europe/Berlin\u0000", "europe/berlin", "");

    static final List<String> RRULES = List.of("FREQ=SECONDLY", "FREQ=DAILY;COUNT=0", "FREQ=DAILY;COUNT=-1",
            "FREQ=DAILY;COUNT=2147483648", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;INTERVAL=99999999999",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MONTHLY;BYDAY=5MO;BYSETPOS=-1", "FREQ=DAILY;UNTIL=19000101",
            "FREQ=DAILY;FREQ=WEEKLY", ";;;", "FREQ=", "=", "FREQ=DAILY;BYHOUR=9", "RRULE:FREQ=DAILY",
            "FREQ=MONTHLY;BYMONTHDAY=" + "1,".repeat(99) + "1", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=100000",
            "FREQ=WEEKLY;BYDAY=99MO", "FREQ=DAILY;UNTIL=99999999", "freq=daily");

    static final List<String> DURATIONS = List.of("PT0S", "PT-1H", "P999999999D", "PT1M", "P1Y", "PT0.5S",
            "PT9999999999999999999H", "-P1D", "P367D", "");

    /** Query-parameter values for limits, positions and tree sizes. */
    static final List<String> INTEGERS = List.of("-1", "0", "1", "501", "2147483647", "2147483648",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1e400", "abc", "", "1.5",
            " 5", "0x10", "5\u0000", "٥٠", "1,2", "NaN", "9".repeat(400));

    static final List<String> INSTANTS = List.of("yesterday", "+1000000000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z", "-300000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z", "-4714-11-23T00:00:00Z", "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z", "2027-01-01T00:00:00+99:00", "2027-13-01T00:00:00Z",
            "1970-01-01T00:00:00Z", "2027-01-01", "", "\u0000");

    static final List<String> STATUSES = List.of("SLEEPING", "active", "ACTIVE' or '1'='1", "ACTIVE\u0000", "",
            "ACTIVE,PAUSED", "CANCELLED");

    static final List<String> ACCEPTS = List.of("application/xml", "text/html", "image/png", "*/*",
            "application/problem+xml", "application/json;q=0", "garbage/", "text/*;q=abc", "");

    static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "text/xml",
            "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
            "application/json; charset=ebcdic", "application/json; charset=UTF-16", "application/json; charset=\u00e9",
            "application/jsonx", "application/*", "*/*", "application/problem+json", "json", ";;;", "a/b/c",
            "application/json; boundary=" + "x".repeat(3_000));

    private final Random random;

    HostileValues(Random random) {
        this.random = random;
    }

    <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    int below(int bound) {
        return random.nextInt(bound);
    }

    /** A JSON string literal of {@code value}; sometimes every character escaped, as a parser must accept too. */
    String jsonString(String value) {
        boolean escapeAll = chance(0.1);
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (escapeAll || c < 0x20 || Character.isSurrogate(c) && !pairedSurrogateText(value)) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    /** Lone surrogates cannot be written as UTF-8, so only text whose surrogates pair up keeps them raw. */
    private static boolean pairedSurrogateText(String value) {
        return value.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }

    /** A string token for any field: a hostile string, rarely a huge one. */
    String stringToken() {
        return jsonString(pick(STRINGS));
    }

    /** A path segment, already percent-encoded as it goes on the wire. */
    String pathSegment() {
        return switch (below(4)) {
            case 0 -> pick(List.of("%2F", "a%2Fb", "..%2F..%2Fetc%2Fpasswd", "%00", "a%00b", "%2e%2e", "%2E",
                    "a%3Bb", ";a=b", "%252F", "%F0%9F%98%80", "%C0%AF", "%FF", "%E2%80%AE", "%5C", "a%5Cb", "%20",
                    "%09", "%0D%0A", "..", ".", "%3Cscript%3E", "-1", "9223372036854775808", "%25", "+", "a%2Cb"));
            case 1 -> "x".repeat(pick(List.of(65, 129, 1_000, 4_000, 12_000)));
            default -> encode(pick(STRINGS));
        };
    }

    /** A query-parameter value from {@code pool} (or any hostile string), percent-encoded. */
    String queryValue(List<String> pool) {
        return encode(!pool.isEmpty() && chance(0.8) ? pick(pool) : pick(STRINGS));
    }

    /** A cursor the service never issued: base64url of forged positions and keys, or not base64 at all. */
    String forgedCursor() {
        if (chance(0.3)) {
            return encode(pick(List.of("not-a-cursor", "====", "AAAA", "%00", "a+b/c=", "x".repeat(10_000), "")));
        }
        String forged = pick(List.of("v1:-1", "v1:9223372036854775808", "v1:" + "9".repeat(30), "v1:", "v1:1e3",
                "k:\u0000", "k:' or 1=1 --", "k:9999-99-99", "k:+999999999-12-31", "k:" + "x".repeat(5_000),
                "k:", "v2:1", "k:\ud83d", "v1:\u0000", "k:%"));
        byte[] bytes = forged.getBytes(StandardCharsets.UTF_8);
        return chance(0.5) ? Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
                : encode(Base64.getEncoder().encodeToString(bytes));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
