package com.payledger.infra.settings;

import com.payledger.infra.failure.StartupRefusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Reads every setting the service takes from its environment before anything starts, and refuses to start with one
 * report naming each variable whose value has no meaning. Without it a mistyped value surfaced after the embedded
 * PostgreSQL had started, as a bean creation failure that named a constructor parameter ("'abc' is not a valid
 * duration"), not the variable, and only the first of several mistakes.
 *
 * <p>It reads the Spring properties the variables feed (application.yml), so a value given as a property is checked
 * too. The beans keep their own checks; this one is for the operator.
 */
public final class SettingsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Duration TEN_YEARS = Duration.ofDays(3650);

    /**
     * {@code shown}: whether a refused value may be repeated in the report (a database URL may hold a password);
     * {@code usedIf}: the property that must be set for the setting to be read at all (null: always read).
     */
    private record Setting(String variable, String property, Form form, boolean shown, String usedIf,
                           boolean usedIfSet) {

        Setting(String variable, String property, Form form) {
            this(variable, property, form, true, null, true);
        }

        /** Read only while {@code other} is set (true) or unset (false), as the service reads it. */
        Setting onlyWhile(String other, boolean set) {
            return new Setting(variable, property, form, shown, other, set);
        }

        Setting hidingItsValue() {
            return new Setting(variable, property, form, false, usedIf, usedIfSet);
        }

        boolean read(Environment environment) {
            return usedIf == null || environment.getProperty(usedIf, "").isBlank() != usedIfSet;
        }
    }

    private static final List<Setting> SETTINGS = List.of(
            // Spring Boot reads a negative server.port as "no HTTP server": PAYLEDGER_PORT=-1 started a service no
            // client or health probe could reach, while it paid schedules and signed checkpoints, unobserved.
            new Setting("PAYLEDGER_PORT", "server.port", Form.wholeNumber(0, 65_535)),
            new Setting("PAYLEDGER_DB_URL", "spring.datasource.url",
                    Form.blankOrStartingWith("jdbc:postgresql:", "the embedded PostgreSQL")).hidingItsValue(),
            // Parts of the service hold connections while they wait for another: the payment automation for the
            // payment it dispatches (1 held), a rebuild's swap for its catch-up (3: its cluster lock, the live tables'
            // lock, the count's snapshot), the two audit checks an instance runs at once for the swap's gate (2), the
            // audit log's writer for its events (1). With fewer than one more than those they could wait for each
            // other: with 1, every scheduled payment stayed DUE; with 5, a rebuild failed while two checks waited.
            new Setting("PAYLEDGER_DB_POOL_SIZE", "spring.datasource.hikari.maximum-pool-size",
                    Form.wholeNumber(8, 10_000)),
            new Setting("PAYLEDGER_EMBEDDED_DB_PORT", "payledger.embedded-postgres.port", Form.wholeNumber(0, 65_535))
                    .onlyWhile("spring.datasource.url", false),
            new Setting("PAYLEDGER_DEADLINE_POLLING_INTERVAL", "payledger.deadlines.polling-interval",
                    Form.duration(Duration.ofMillis(1), "1 ms", TEN_YEARS, "10 years", "PT1S")),
            new Setting("PAYLEDGER_CHECKPOINT_INTERVAL", "payledger.checkpoints.interval",
                    Form.duration(Duration.ofMillis(1), "1 ms", TEN_YEARS, "10 years", "PT1M")),
            new Setting("PAYLEDGER_KEY_CACHE_TTL", "payledger.security.key-cache-ttl",
                    Form.duration(Duration.ZERO, "PT0S", TEN_YEARS, "10 years", "PT5S")),
            new Setting("PAYLEDGER_RATE_LIMIT_PER_SECOND", "payledger.security.rate-limit.requests-per-second",
                    Form.decimalAtLeast(0)),
            new Setting("PAYLEDGER_RATE_LIMIT_BURST", "payledger.security.rate-limit.burst", Form.decimalAtLeast(0)),
            new Setting("PAYLEDGER_FORWARD_HEADERS_STRATEGY", "server.forward-headers-strategy",
                    Form.oneOf("none", "native", "framework")),
            new Setting("PAYLEDGER_MAX_REQUEST_BODY_BYTES", "payledger.limits.request-body-bytes",
                    Form.wholeNumber(1, Long.MAX_VALUE)),
            new Setting("PAYLEDGER_AGGREGATE_CACHE_SIZE", "payledger.aggregate-cache.size",
                    Form.wholeNumber(1, Long.MAX_VALUE)),
            new Setting("PAYLEDGER_SNAPSHOT_THRESHOLD", "payledger.snapshots.threshold",
                    Form.wholeNumber(0, Integer.MAX_VALUE)),
            new Setting("PAYLEDGER_REBUILD_BATCH_SIZE", "payledger.rebuild.batch-size", Form.wholeNumber(1, 10_000)),
            new Setting("PAYLEDGER_MAX_AMOUNT_MINOR", "payledger.limits.amount-minor-max",
                    Form.wholeNumber(1, 1_000_000_000_000_000L)),
            new Setting("PAYLEDGER_MAX_SCHEDULES_PER_OWNER", "payledger.limits.schedules-per-owner",
                    Form.wholeNumber(1, Integer.MAX_VALUE)),
            new Setting("PAYLEDGER_JWT_HTTP_TIMEOUT", "payledger.security.jwt.http-timeout",
                    Form.duration(Duration.ofMillis(1), "1 ms", Duration.ofMinutes(1), "1 min", "PT2S"))
                    .onlyWhile("payledger.security.jwt.issuer-uri", true));

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        List<String> problems = problems(context.getEnvironment());
        if (!problems.isEmpty()) {
            throw new StartupRefusal(String.join("\n", problems),
                    "Correct " + (problems.size() == 1 ? "it" : "them") + " and start again. README.md, "
                            + "\"Configuration\", describes every setting.");
        }
    }

    /** One line per setting whose value is unusable, in the order of the README's table. */
    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            String value = environment.getProperty(setting.property());
            if (value == null || !setting.read(environment)) {
                continue;
            }
            Optional<String> problem = setting.form().problem(value);
            problem.ifPresent(expected -> problems.add(setting.variable() + " (" + setting.property() + ") must be "
                    + expected + (setting.shown() ? ", not \"" + value + "\"" : "")));
        }
        rateLimitBurst(environment).ifPresent(problems::add);
        return problems;
    }

    /** A limit needs room for at least one request; with the limit off (rate 0) the burst is not used. */
    private static Optional<String> rateLimitBurst(Environment environment) {
        String burst = environment.getProperty("payledger.security.rate-limit.burst", "1");
        try {
            double rate = Double.parseDouble(environment.getProperty(
                    "payledger.security.rate-limit.requests-per-second", "0").strip());
            return rate > 0 && Double.parseDouble(burst.strip()) < 1 ? Optional.of("PAYLEDGER_RATE_LIMIT_BURST must "
                    + "be at least 1 while PAYLEDGER_RATE_LIMIT_PER_SECOND is above 0 (0 turns the limit off), not \""
                    + burst + "\"") : Optional.empty();
        } catch (NumberFormatException reportedAbove) {
            return Optional.empty();
        }
    }
}
