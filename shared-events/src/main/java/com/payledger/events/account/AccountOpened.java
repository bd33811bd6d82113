package com.payledger.events.account;

import com.payledger.events.Money;
import java.time.Instant;
import java.util.Map;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account when it is opened: the first event of every account stream.
 *
 * @param accountId      the client-chosen or generated account id
 * @param ownerId        who the money belongs to (the API client's user, not the API client)
 * @param type           STANDARD (bounded below) or EXTERNAL (money outside the ledger, unbounded)
 * @param overdraftLimit how far below zero a STANDARD account may go, in the account's currency and minor units;
 *                       zero for EXTERNAL accounts, where it does not apply
 * @param name           an optional human-readable name, may be null
 * @param metadata       client-supplied string pairs, never null
 * @param openedAt       when the ledger accepted the command (business time, from the injected clock)
 */
@Revision("1")
public record AccountOpened(String accountId, String ownerId, AccountType type, Money overdraftLimit, String name,
                            Map<String, String> metadata, Instant openedAt) implements AccountEvent {

    public AccountOpened {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
