package com.payledger.events.account;

import com.payledger.events.Money;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account: money left it as the debit leg of transfer {@code transferId}. The matching
 * {@link AccountCredited} on {@code creditAccountId}'s stream is committed in the same database transaction.
 * Each leg carries the whole transfer, so either stream alone explains where the money went.
 *
 * @param accountId       the debited account
 * @param transferId      the client-chosen transfer id, unique forever
 * @param creditAccountId the counterparty that received the money
 * @param amount          a positive amount in the account's currency and minor units
 * @param description     optional free text of the transfer, may be null
 * @param metadata        the transfer's client-supplied string pairs, never null
 * @param postedAt        when the ledger accepted the transfer (business time, from the injected clock)
 */
@Revision("1")
public record AccountDebited(String accountId, String transferId, String creditAccountId, Money amount,
                             String description, Map<String, String> metadata, Instant postedAt)
        implements AccountEvent {

    public AccountDebited {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
