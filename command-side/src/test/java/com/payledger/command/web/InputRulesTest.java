package com.payledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class InputRulesTest {

    /**
     * A withdrawn currency opens no account (the money hunt opened DEM beside EUR), while one opened before still
     * takes the transfers that empty it; current codes, the newest included, open accounts.
     */
    @Test
    void givenAWithdrawnCurrency_whenAnAccountIsOpenedInIt_thenRefusedButItsTransfersStillPass() {
        for (String withdrawn : new String[] {"DEM", "ESP", "ADP", "HRK", "BGN", "VEF", "ZWD", "ZWL", "CUC", "SLL",
                "MRO", "STD", "ANG"}) {
            assertThatThrownBy(() -> InputRules.accountCurrency(withdrawn, "currency")).as(withdrawn)
                    .isInstanceOf(ErrorResponseException.class).hasMessageContaining("withdrawn");
            assertThat(InputRules.currency(withdrawn, "currency").getCurrencyCode()).isEqualTo(withdrawn);
        }
        for (String current : new String[] {"EUR", "USD", "JPY", "CHF", "KWD", "VES", "VED", "ZWG", "XCG", "SLE",
                "CUP", "MRU", "STN", "CLF"}) {
            assertThat(InputRules.accountCurrency(current, "currency").getCurrencyCode()).isEqualTo(current);
        }
    }

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

    /** Limits count characters as PostgreSQL's varchar does: 251 emoji were "more than 500 characters". */
    @Test
    void givenTextOutsideTheBasicPlane_whenMeasured_thenEachCharacterCountsOnce() {
        String emoji = "\uD83D\uDE00";

        assertThat(InputRules.text(emoji.repeat(InputRules.TEXT_LENGTH_MAX), "name")).hasSize(
                2 * InputRules.TEXT_LENGTH_MAX);
        assertThatThrownBy(() -> InputRules.text(emoji.repeat(InputRules.TEXT_LENGTH_MAX + 1), "name"))
                .isInstanceOf(ErrorResponseException.class);
        assertThat(InputRules.metadata(Map.of(emoji.repeat(InputRules.METADATA_KEY_LENGTH_MAX),
                emoji.repeat(InputRules.METADATA_VALUE_LENGTH_MAX)), "metadata")).hasSize(1);
        assertThatThrownBy(() -> InputRules.metadata(Map.of("k", emoji.repeat(
                InputRules.METADATA_VALUE_LENGTH_MAX + 1)), "metadata")).isInstanceOf(ErrorResponseException.class);
    }
}
