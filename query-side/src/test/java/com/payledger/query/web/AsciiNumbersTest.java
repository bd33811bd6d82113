package com.payledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "7", "-1", "9223372036854775807", "-9223372036854775808", "007"})
    void asciiIntegersParseAsJavaWould(String value) {
        assertThat(AsciiNumbers.parseLong(value)).isEqualTo(Long.parseLong(value));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "-", "+5", "\uFF11", "1\u0660", " 1", "1 ", "1e3", "0x1", "9223372036854775808", "--1"})
    void anythingElseIsANumberFormatException(String value) {
        assertThatThrownBy(() -> AsciiNumbers.parseLong(value)).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> AsciiNumbers.parseInt(value)).isInstanceOf(NumberFormatException.class);
    }
}
