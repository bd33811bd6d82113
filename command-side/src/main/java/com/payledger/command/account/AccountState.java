package com.payledger.command.account;

import com.payledger.events.Money;
import com.payledger.events.account.AccountType;
import java.util.Map;

/**
 * What the command side knows of an account after a command: the answer to open and close, and the input of the
 * transfer rules. {@code version} is the sequence number of the account's last event (0 right after opening).
 */
public record AccountState(String accountId, String ownerId, AccountType type, boolean open, Money balance,
                           Money overdraftLimit, String name, Map<String, String> metadata, long version) {

    /** The lowest balance the account may reach; {@link Long#MIN_VALUE} for EXTERNAL accounts. */
    public long floorMinor() {
        return type == AccountType.EXTERNAL ? Long.MIN_VALUE : -overdraftLimit.amountMinor();
    }
}
