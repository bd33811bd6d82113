package com.payledger.infra.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A value that names no port fails the start, rather than starting a service without its HTTP server. */
class HttpPortTest {

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-8080", "65536", "abc", ""})
    void givenAValueThatNamesNoPort_whenChecked_thenTheStartFailsNamingTheVariable(String port) {
        assertThatThrownBy(() -> HttpPort.requireAPort(port)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PAYLEDGER_PORT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "8080", "65535"})
    void givenAPort_whenChecked_thenTaken(String port) {
        assertThatCode(() -> HttpPort.requireAPort(port)).doesNotThrowAnyException();
    }
}
