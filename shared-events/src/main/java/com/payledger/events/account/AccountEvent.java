package com.payledger.events.account;

/** Every fact recorded on an account's stream. The stream's aggregate identifier is {@link #accountId()}. */
public sealed interface AccountEvent permits AccountOpened, AccountDebited, AccountCredited, AccountClosed,
        AccountOverdraftLimitChanged {

    String accountId();
}
