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
        assertThat(IfMatch.acceptedVersions(null)).isNull();
        assertThat(IfMatch.acceptedVersions("*")).isNull();
        assertThat(IfMatch.acceptedVersions(" * ")).isNull();
    }

    @Test
    void givenStrongVersionTags_whenRead_thenTheirVersionsInAnyListForm() {
        assertThat(IfMatch.acceptedVersions("\"7\"")).containsExactly(7L);
        assertThat(IfMatch.acceptedVersions("\"0\"")).containsExactly(0L);
        assertThat(IfMatch.acceptedVersions("\"7\", \"9\"")).containsExactly(7L, 9L);
        assertThat(IfMatch.acceptedVersions(" ,\t\"7\" ,,\"9\",")).containsExactly(7L, 9L);
        assertThat(IfMatch.acceptedVersions("\"999999999999999999\"")).containsExactly(999_999_999_999_999_999L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", " * ", "\"7\"", "\"7\", \"9\"", "W/\"7\",\"a,b\"", "\"\"", "\"\u00e9\"",
        " ,\t\"7\" ,,\"9\",", "\"7\","})
    void givenAHeaderOfTheDescribedForm_whenRead_thenTaken(String header) {
        assertThat(header).matches(IfMatch.FORM);
        IfMatch.acceptedVersions(header);
    }

    /** Compared strongly, and never handed out here: such tags match no version, which is no malformed header. */
    @Test
    void givenWeakOrForeignTags_whenRead_thenNoVersionMatches() {
        assertThat(IfMatch.acceptedVersions("W/\"7\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"07\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"abc\", W/\"1\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"-1\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"99999999999999999999\"")).isEmpty();
        assertThat(IfMatch.acceptedVersions("\"a,b\", \"3\"")).containsExactly(3L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "7", "\"7", "\"7\" \"8\"", "W/7", "w/\"7\"", "\"a\"b\"", "**", "*, \"7\"",
        "\"a b\"", "\"7\";q=1"})
    void givenNoListOfEntityTags_whenRead_thenBadRequestNamingTheHeader(String header) {
        assertThat(header).as("the form the API description gives").doesNotMatch(IfMatch.FORM);
        assertThatThrownBy(() -> IfMatch.acceptedVersions(header))
                .isInstanceOfSatisfying(ErrorResponseException.class, refused -> {
                    assertThat(refused.getBody().getProperties()).containsEntry("code", "INVALID_IF_MATCH")
                            .containsEntry("field", "If-Match");
                    assertThat(refused.getStatusCode().value()).isEqualTo(400);
                });
    }

    @Test
    void givenAVersion_whenTagged_thenTheStrongTagThatNamesIt() {
        assertThat(IfMatch.etag(12)).isEqualTo("\"12\"");
        assertThat(IfMatch.acceptedVersions(IfMatch.etag(12))).containsExactly(12L);
    }
}
