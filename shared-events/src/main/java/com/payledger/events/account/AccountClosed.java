package com.payledger.events.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * Emitted by Account when it is closed at a zero balance. A closed account accepts no further postings.
 *
 * @param accountId the closed account
 * @param closedAt  when the ledger accepted the command (business time, from the injected clock)
 */
@Revision("1")
public record AccountClosed(String accountId, Instant closedAt) implements AccountEvent {
}
