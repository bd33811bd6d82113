package com.payledger.infra.security.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A listing tells keys apart by a prefix that gives away little of a generated key and less of a chosen one. */
class ApiKeySecretTest {

    @Test
    void givenAGeneratedKey_whenDisplayed_thenPlkAndEightOfItsRandomCharacters() {
        String key = ApiKeySecret.generate();
        assertThat(ApiKeySecret.displayPrefix(key)).isEqualTo(key.substring(0, 12));
    }

    @Test
    void givenAKeyAnOperatorChose_whenDisplayed_thenFourCharactersOnly() {
        assertThat(ApiKeySecret.displayPrefix("bootstrap-admin-key-0123456789abcdef")).isEqualTo("boot");
        assertThat(ApiKeySecret.displayPrefix("plk_chosen-by-hand-but-shaped-like-ours")).isEqualTo("plk_");
    }
}
