package com.payledger.infra.benchmark;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Benchmarks load only this machine: a {@code -Dbenchmark.url} naming another host is refused before any load. */
class BenchmarkPostgresTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://localhost:5432/postgres", "jdbc:postgresql://127.0.0.1/postgres",
            "jdbc:postgresql://[::1]:5432/postgres?sslmode=disable"})
    void givenALoopbackUrl_whenChecked_thenItIsAccepted(String url) {
        assertThatCode(() -> BenchmarkPostgres.requireLoopback(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://10.1.2.3:5432/postgres", "jdbc:postgresql://192.0.2.7/postgres"})
    void givenAnotherHost_whenChecked_thenItIsRefused(String url) {
        assertThatThrownBy(() -> BenchmarkPostgres.requireLoopback(url))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only load loopback");
    }
}
