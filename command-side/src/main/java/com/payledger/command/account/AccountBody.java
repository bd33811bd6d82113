package com.payledger.command.account;

import com.payledger.events.account.AccountType;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The account as the command endpoints answer with it: the same shape as {@code GET /api/v1/accounts/{id}}.
 * Amounts are integers in the currency's minor units; {@code overdraftLimit} is null for an EXTERNAL account.
 */
record AccountBody(String id, String currency, String ownerId, AccountType type, String status,
                   @Nullable Long overdraftLimit, @Nullable String name, Map<String, String> metadata,
                   Balance balance, long version) {

    record Balance(long posted, long pending, long available) {
    }

    static AccountBody of(AccountState state) {
        long posted = state.balance().amountMinor();
        // No holds exist yet: pending is 0 and everything posted is available.
        return new AccountBody(state.accountId(), state.balance().currency().getCurrencyCode(), state.ownerId(),
                state.type(), state.open() ? "OPEN" : "CLOSED",
                state.type() == AccountType.EXTERNAL ? null : state.overdraftLimit().amountMinor(), state.name(),
                state.metadata(), new Balance(posted, 0, posted), state.version());
    }
}
