package com.payledger.command.transfer;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/v1/transfers}; {@code amount} is an integer in the currency's minor units. */
record PostTransferRequest(String id, String debitAccountId, String creditAccountId,
                           @Schema(minimum = "1", maximum = "" + TransferRules.AMOUNT_MINOR_MAX) Long amount,
                           String currency,
                           @Nullable String description, @Nullable Map<String, String> metadata) {
}
