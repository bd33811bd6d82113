package com.payledger.command.transfer;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A posted transfer as the API shows it: the same shape as {@code GET /api/v1/transfers/{id}}. */
record TransferBody(String id, String debitAccountId, String creditAccountId, long amount, String currency,
                    @Nullable String description, Map<String, String> metadata, String status, Instant postedAt) {

    static TransferBody of(PostedTransfer transfer) {
        return new TransferBody(transfer.transferId(), transfer.debitAccountId(), transfer.creditAccountId(),
                transfer.amount().amountMinor(), transfer.amount().currency().getCurrencyCode(),
                transfer.description(), transfer.metadata(), "POSTED", transfer.postedAt());
    }
}
