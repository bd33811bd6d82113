package com.payledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class InputRulesTest {

    @Test
    void givenText_whenItHasWholeCharactersOnly_thenAccepted() {
        assertThat(InputRules.text("Miete Dezember 🏠 – Zürich", "description")).isEqualTo("Miete Dezember 🏠 – Zürich");
        assertThat(InputRules.hasControlCharacter("\uD83D\uDE00")).isFalse();
    }

    @Test
    void givenText_whenItHasControlCharactersOrHalfASurrogatePair_thenRefused() {
        for (String bad : new String[] {"tab\there", "nul\u0000", "del\u007F", "\uD83D", "\uDE00", "a\uD83Db",
                "\uDE00\uD83D", "ok\uD83D\uDE00\uD83D"}) {
            assertThat(InputRules.hasControlCharacter(bad)).as(bad).isTrue();
            assertThatThrownBy(() -> InputRules.text(bad, "description")).isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> InputRules.metadata(Map.of("k", bad), "metadata"))
                    .isInstanceOf(ErrorResponseException.class);
        }
    }
}
