package com.payledger.command.account;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/v1/accounts}; {@code id} is generated when absent. */
record OpenAccountRequest(@Nullable String id, String currency, String ownerId, @Nullable String type,
                          @Nullable Long overdraftLimit, @Nullable String name,
                          @Nullable Map<String, String> metadata) {
}
