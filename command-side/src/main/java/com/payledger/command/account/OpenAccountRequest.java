package com.payledger.command.account;

import com.payledger.command.transfer.TransferRules;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/v1/accounts}; {@code id} is generated when absent. */
record OpenAccountRequest(@Nullable String id, String currency, String ownerId, @Nullable String type,
                          @Schema(minimum = "0", maximum = "" + TransferRules.AMOUNT_MINOR_MAX)
                          @Nullable Long overdraftLimit, @Nullable String name,
                          @Nullable Map<String, String> metadata) {
}
