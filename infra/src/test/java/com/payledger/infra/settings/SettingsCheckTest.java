package com.payledger.infra.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payledger.infra.failure.StartupRefusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/** Every setting with a value that means nothing is named in one report before anything starts. */
class SettingsCheckTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server.port | -1 | PAYLEDGER_PORT",
        "server.port | 65536 | PAYLEDGER_PORT",
        "server.port | abc | PAYLEDGER_PORT",
        "server.port | '' | PAYLEDGER_PORT",
        "spring.datasource.hikari.maximum-pool-size | 0 | PAYLEDGER_DB_POOL_SIZE",
        "spring.datasource.hikari.maximum-pool-size | 7 | PAYLEDGER_DB_POOL_SIZE",
        "payledger.embedded-postgres.port | -5 | PAYLEDGER_EMBEDDED_DB_PORT",
        "payledger.deadlines.polling-interval | PT0S | PAYLEDGER_DEADLINE_POLLING_INTERVAL",
        "payledger.deadlines.polling-interval | ' PT1S' | PAYLEDGER_DEADLINE_POLLING_INTERVAL",
        "payledger.checkpoints.interval | abc | PAYLEDGER_CHECKPOINT_INTERVAL",
        "payledger.checkpoints.interval | PT999999999999H | PAYLEDGER_CHECKPOINT_INTERVAL",
        "payledger.security.key-cache-ttl | -PT1S | PAYLEDGER_KEY_CACHE_TTL",
        "payledger.security.rate-limit.requests-per-second | NaN | PAYLEDGER_RATE_LIMIT_PER_SECOND",
        "payledger.security.rate-limit.requests-per-second | -1 | PAYLEDGER_RATE_LIMIT_PER_SECOND",
        "payledger.security.rate-limit.burst | many | PAYLEDGER_RATE_LIMIT_BURST",
        "server.forward-headers-strategy | x-forwarded | PAYLEDGER_FORWARD_HEADERS_STRATEGY",
        "payledger.limits.request-body-bytes | 0 | PAYLEDGER_MAX_REQUEST_BODY_BYTES",
        "payledger.aggregate-cache.size | 0 | PAYLEDGER_AGGREGATE_CACHE_SIZE",
        "payledger.snapshots.threshold | -1 | PAYLEDGER_SNAPSHOT_THRESHOLD",
        "payledger.rebuild.batch-size | 10001 | PAYLEDGER_REBUILD_BATCH_SIZE",
        "payledger.limits.amount-minor-max | 1000000000000001 | PAYLEDGER_MAX_AMOUNT_MINOR",
        "payledger.limits.schedules-per-owner | 0 | PAYLEDGER_MAX_SCHEDULES_PER_OWNER"})
    void givenAValueWithNoMeaning_whenChecked_thenTheReportNamesItsVariableAndValue(String property, String value,
                                                                                   String variable) {
        assertThat(SettingsCheck.problems(new MockEnvironment().withProperty(property, value)))
                .singleElement().asString().startsWith(variable + " (" + property + ") must be ")
                .endsWith(", not \"" + value + "\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "server.port | 0", "server.port | 65535", "server.port | ' 8080 '",
        "payledger.deadlines.polling-interval | 1ms", "payledger.deadlines.polling-interval | PT1S",
        "payledger.checkpoints.interval | 10s", "payledger.security.key-cache-ttl | PT0S",
        "payledger.security.rate-limit.requests-per-second | 0", "payledger.security.rate-limit.burst | 2.5",
        "server.forward-headers-strategy | NATIVE", "payledger.snapshots.threshold | 0",
        "payledger.limits.amount-minor-max | 1000000000000000", "payledger.rebuild.batch-size | 1",
        "spring.datasource.url | ''", "spring.datasource.url | jdbc:postgresql://db:5432/payledger"})
    void givenAUsableValue_whenChecked_thenNothingIsReported(String property, String value) {
        assertThat(SettingsCheck.problems(new MockEnvironment().withProperty(property, value))).isEmpty();
    }

    /** Values the service started with before the check, because it never reads them so configured. */
    @Test
    void givenASettingTheServiceDoesNotReadAsConfigured_whenChecked_thenNotReported() {
        assertThat(SettingsCheck.problems(new MockEnvironment()
                .withProperty("payledger.security.jwt.http-timeout", "soon"))).isEmpty();
        assertThat(SettingsCheck.problems(new MockEnvironment()
                .withProperty("payledger.security.jwt.issuer-uri", "https://issuer.example")
                .withProperty("payledger.security.jwt.http-timeout", "soon"))).hasSize(1);
        assertThat(SettingsCheck.problems(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db/ledger")
                .withProperty("payledger.embedded-postgres.port", "-1"))).isEmpty();
        assertThat(SettingsCheck.problems(new MockEnvironment()
                .withProperty("spring.datasource.url", " ")
                .withProperty("payledger.embedded-postgres.port", "-1"))).hasSize(1);
    }

    /** Spring reads 0x1F and a blank URL for the bean, so the check does too. */
    @Test
    void givenValuesSpringReadsForTheBeans_whenChecked_thenNotReported() {
        assertThat(SettingsCheck.problems(new MockEnvironment().withProperty("server.port", "0x1F90")
                .withProperty("payledger.aggregate-cache.size", "4000000000"))).isEmpty();
    }

    @Test
    void givenADatabaseUrlOfAnotherForm_whenReported_thenItsValueIsNotRepeated() {
        String url = "postgres://ledger:s3cret@db:5432/payledger";

        assertThat(SettingsCheck.problems(new MockEnvironment().withProperty("spring.datasource.url", url)))
                .singleElement().asString().startsWith("PAYLEDGER_DB_URL").doesNotContain("s3cret");
    }

    @Test
    void givenARateLimitWithoutRoomForOneRequest_whenChecked_thenTheBurstIsReported() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("payledger.security.rate-limit.requests-per-second", "10")
                .withProperty("payledger.security.rate-limit.burst", "0.5");

        assertThat(SettingsCheck.problems(environment)).singleElement().asString()
                .startsWith("PAYLEDGER_RATE_LIMIT_BURST must be at least 1 while");
        assertThat(SettingsCheck.problems(environment.withProperty(
                "payledger.security.rate-limit.requests-per-second", "0"))).isEmpty();
    }

    @Test
    void givenSeveralMistakes_whenTheServiceStarts_thenOneRefusalNamesEachOfThem() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(new MockEnvironment().withProperty("server.port", "-1")
                .withProperty("payledger.checkpoints.interval", "abc"));

        assertThatThrownBy(() -> new SettingsCheck().initialize(context)).isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("PAYLEDGER_PORT").hasMessageContaining("PAYLEDGER_CHECKPOINT_INTERVAL")
                .satisfies(refusal -> assertThat(((StartupRefusal) refusal).action()).contains("README.md"));
    }
}
