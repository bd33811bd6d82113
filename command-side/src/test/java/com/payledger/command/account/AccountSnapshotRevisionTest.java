package com.payledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A stored snapshot of an account is its fields. One written before a field was added would read back with that
 * field at its default (a new flag false, a new limit zero), so every change of fields must come with a new
 * {@link Account#SNAPSHOT_REVISION}, which makes the old snapshots be skipped. This test fails on any change of fields
 * until both the revision and the list below are updated together.
 */
class AccountSnapshotRevisionTest {

    @Test
    void theSnapshotRevisionNamesTheseExactFields() {
        String fields = Arrays.stream(Account.class.getDeclaredFields())
                .filter(field -> !Modifier.isStatic(field.getModifiers()))
                .map(AccountSnapshotRevisionTest::describe).reduce((a, b) -> a + ", " + b).orElse("");

        assertThat(Account.SNAPSHOT_REVISION + ": " + fields).as("changed Account's fields? bump "
                + "Account.SNAPSHOT_REVISION and update this line")
                .isEqualTo("3: String accountId, String ownerId, AccountType type, Money overdraftLimit, "
                        + "long openingOverdraftLimitMinor, String name, Map metadata, Money balance, boolean open, "
                        + "Instant lastStatedAt");
    }

    private static String describe(Field field) {
        return field.getType().getSimpleName() + " " + field.getName();
    }
}
