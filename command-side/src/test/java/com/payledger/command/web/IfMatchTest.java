package com.payledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.ErrorResponseException;

class IfMatchTest {

    @Test
    void givenNoHeaderOrAStar_whenRead_thenNoConditionBeyondExisting() {
        assertThat(IfMatch.of(null).acceptedVersions()).isNull();
        assertThat(IfMatch.of("*").acceptedVersions()).isNull();
        assertThat(IfMatch.of(" * ").acceptedVersions()).isNull();
    }

    @Test
    void givenStrongVersionTags_whenRead_thenTheirVersionsInAnyListForm() {
        assertThat(IfMatch.of("\"7\"").acceptedVersions()).containsExactly(7L);
        assertThat(IfMatch.of("\"0\"").acceptedVersions()).containsExactly(0L);
        assertThat(IfMatch.of("\"7\", \"9\"").acceptedVersions()).containsExactly(7L, 9L);
        assertThat(IfMatch.of(" ,\t\"7\" ,,\"9\",").acceptedVersions()).containsExactly(7L, 9L);
        assertThat(IfMatch.of("\"999999999999999999\"").acceptedVersions()).containsExactly(999_999_999_999_999_999L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", " * ", "\"7\"", "\"7\", \"9\"", "W/\"7\",\"a,b\"", "\"\"", "\"\u00e9\"",
        " ,\t\"7\" ,,\"9\",", "\"7\","})
    void givenAHeaderOfTheDescribedForm_whenRead_thenTaken(String header) {
        assertThat(header).matches(IfMatch.FORM);
        IfMatch.of(header).acceptedVersions();
    }

    /** Compared strongly, and never handed out here: such tags match no version, which is no malformed header. */
    @Test
    void givenWeakOrForeignTags_whenRead_thenNoVersionMatches() {
        assertThat(IfMatch.of("W/\"7\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"07\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"abc\", W/\"1\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"-1\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"99999999999999999999\"").acceptedVersions()).isEmpty();
        assertThat(IfMatch.of("\"a,b\", \"3\"").acceptedVersions()).containsExactly(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "7", "\"7", "\"7\" \"8\"", "W/7", "w/\"7\"", "\"a\"b\"", "**", "*, \"7\"",
        "\"a b\"", "\"7\";q=1"})
    void givenNoListOfEntityTags_whenRead_thenBadRequestNamingTheHeader(String header) {
        assertThat(header).as("the form the API description gives").doesNotMatch(IfMatch.FORM);
        assertThatThrownBy(() -> IfMatch.of(header).acceptedVersions())
                .isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
                    assertThat(refused.getBody().getProperties()).containsEntry("code", "INVALID_IF_MATCH")
                            .containsEntry("field", "If-Match");
                    assertThat(refused.getStatusCode().value()).isEqualTo(400);
                });
    }

    @Test
    void givenAVersion_whenTagged_thenTheStrongTagThatNamesIt() {
        assertThat(IfMatch.etag(12)).isEqualTo("\"12\"");
        assertThat(IfMatch.of(IfMatch.etag(12)).acceptedVersions()).containsExactly(12L);
    }
}
