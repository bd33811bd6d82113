package com.payledger.events.account;

import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account when it is opened: the first event of every account stream.
 *
 * <p>Revision 2 names the account's currency explicitly; revision 1 carried it only inside its overdraft limit
 * ({@code "overdraftLimit":{"amountMinor":..,"currency":..}}), and the event store's upcaster turns such events
 * into this shape when they are read.
 *
 * @param accountId           the client-chosen or generated account id
 * @param ownerId             who the money belongs to (the API client's user, not the API client)
 * @param type                STANDARD (bounded below) or EXTERNAL (money outside the ledger, unbounded)
 * @param currency            the ISO-4217 currency of every amount on this account
 * @param overdraftLimitMinor how far below zero a STANDARD account may go, in minor units; 0 for EXTERNAL
 * @param name                an optional human-readable name, may be null
 * @param metadata            client-supplied string pairs, never null
 * @param openedAt            when the ledger accepted the command (business time, from the injected clock)
 */
@Revision("2")
public record AccountOpened(String accountId, String ownerId, AccountType type, Currency currency,
                            long overdraftLimitMinor, String name, Map<String, String> metadata, Instant openedAt)
        implements AccountEvent {

    public AccountOpened {
        Objects.requireNonNull(currency, "currency");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
