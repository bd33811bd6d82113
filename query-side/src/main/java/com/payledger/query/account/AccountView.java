package com.payledger.query.account;

import java.util.Map;

/**
 * An account as {@code GET /api/v1/accounts/{id}} shows it. Amounts are integers in minor units; {@code version}
 * is the sequence number of the last event applied (0 right after opening).
 */
public record AccountView(String id, String currency, String ownerId, String type, String status,
                          Long overdraftLimit, String name, Map<String, String> metadata, Balance balance,
                          long version) {

    /** {@code available} = {@code posted} - {@code pending}; pending stays 0 until holds exist. */
    public record Balance(long posted, long pending, long available) {
    }
}
