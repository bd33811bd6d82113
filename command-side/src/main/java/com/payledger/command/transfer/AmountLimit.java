package com.payledger.command.transfer;

import static com.payledger.command.rejection.Rejection.AMOUNT_TOO_LARGE;

import com.payledger.command.rejection.LedgerRejected;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The largest amount an API client may move in one transfer or schedule, set per deployment
 * ({@code PAYLEDGER_MAX_AMOUNT_MINOR}) at or below the ledger's own hard cap {@link TransferRules#AMOUNT_MINOR_MAX}.
 *
 * <p>The handlers apply it to new requests only, after the id lookup: a deployment may lower it at any time, and the
 * identical retry of a request accepted before must still get its first answer, not a 422. The ledger's own
 * commands (the payments of a schedule accepted under the old limit) are not held to it.
 */
@Component
public class AmountLimit {

    private final long maxMinor;

    public AmountLimit(@Value("${payledger.limits.amount-minor-max:" + TransferRules.AMOUNT_MINOR_MAX + "}")
                       long maxMinor) {
        if (maxMinor < 1 || maxMinor > TransferRules.AMOUNT_MINOR_MAX) {
            throw new IllegalArgumentException("PAYLEDGER_MAX_AMOUNT_MINOR must be from 1 to "
                    + TransferRules.AMOUNT_MINOR_MAX);
        }
        this.maxMinor = maxMinor;
    }

    public long maxMinor() {
        return maxMinor;
    }

    /**
     * Rejects an amount above the configured maximum (422 AMOUNT_TOO_LARGE) in a command from an API client
     * ({@code actingOwnerId} not null).
     */
    public void check(long amountMinor, String actingOwnerId) {
        if (actingOwnerId != null && amountMinor > maxMinor) {
            throw new LedgerRejected(AMOUNT_TOO_LARGE);
        }
    }
}
