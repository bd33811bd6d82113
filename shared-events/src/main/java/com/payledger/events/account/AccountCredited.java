package com.payledger.events.account;

import com.payledger.events.Money;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account: money arrived as the credit leg of transfer {@code transferId}. The matching
 * {@link AccountDebited} on {@code debitAccountId}'s stream is committed in the same database transaction.
 *
 * @param accountId      the credited account
 * @param transferId     the client-chosen transfer id, unique forever
 * @param debitAccountId the counterparty the money came from
 * @param amount         a positive amount in the account's currency and minor units
 * @param description    optional free text of the transfer, may be null
 * @param metadata       the transfer's client-supplied string pairs, never null
 * @param postedAt       when the ledger accepted the transfer (business time, from the injected clock)
 */
@Revision("1")
public record AccountCredited(String accountId, String transferId, String debitAccountId, Money amount,
                              String description, Map<String, String> metadata, Instant postedAt)
        implements AccountEvent {

    public AccountCredited {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
