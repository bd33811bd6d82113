package com.payledger.query.transfer;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A posted transfer as {@code GET /api/v1/transfers/{id}} shows it; {@code amount} is in minor units. */
public record TransferView(String id, String debitAccountId, String creditAccountId, long amount, String currency,
                           @Nullable String description, Map<String, String> metadata, String status,
                           Instant postedAt) {
}
