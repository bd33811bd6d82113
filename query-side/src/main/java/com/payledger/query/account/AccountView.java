package com.payledger.query.account;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An account as {@code GET /api/v1/accounts/{id}} shows it. Amounts are integers in minor units; {@code version}
 * is the sequence number of the last event applied (0 right after opening); {@code overdraftLimit} is null for an
 * EXTERNAL account.
 */
public record AccountView(String id, String currency, String ownerId,
                          @Schema(allowableValues = {"STANDARD", "EXTERNAL"}) String type, String status,
                          @Nullable Long overdraftLimit, @Nullable String name, Map<String, String> metadata,
                          Balance balance, long version) {

    /** {@code available} = {@code posted} - {@code pending}; pending stays 0 until holds exist. */
    public record Balance(long posted, long pending, long available) {
    }
}
