package com.payledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The trail shows every stored event; what it parses is only ever what the schema says: an object, or null. */
class AuditEventViewTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void givenAStoredObject_whenParsed_thenItIsThatObject() {
        assertThat(AuditEventView.parsed(bytes("{\"amount\": 5}"), JSON).get("amount").asLong()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"amount\": ", "[1, 2]", "42", "\"text\"", "null", "", "   "})
    void givenStoredTextAnAlterationLeftNoObject_whenParsed_thenNull(String stored) {
        assertThat(AuditEventView.parsed(bytes(stored), JSON)).isNull();
    }

    @Test
    void givenNothingStored_whenParsed_thenNull() {
        assertThat(AuditEventView.parsed(null, JSON)).isNull();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
