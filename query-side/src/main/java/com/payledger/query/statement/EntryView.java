package com.payledger.query.statement;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of an account statement: a leg of a transfer. {@code amount} is signed (negative for a debit) and,
 * like {@code balanceAfter}, an integer in minor units. {@code sequence} is the leg's position in the account's
 * stream.
 */
public record EntryView(long sequence, String transferId, String direction, long amount, String currency,
                        long balanceAfter, String counterpartyAccountId, @Nullable String description,
                        Instant postedAt) {
}
