package com.payledger.events.account;

/** How far an account's balance may fall. Part of the persisted event schema: never rename a constant. */
public enum AccountType {
    /** A customer or internal account: the balance may not go below minus its overdraft limit. */
    STANDARD,
    /** Money outside the ledger, such as a bank settlement account: no lower bound. */
    EXTERNAL
}
