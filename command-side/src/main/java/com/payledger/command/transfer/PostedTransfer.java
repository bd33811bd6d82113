package com.payledger.command.transfer;

import com.payledger.events.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** A transfer the ledger accepted: the answer to the first request and, unchanged, to every identical retry. */
public record PostedTransfer(String transferId, String debitAccountId, String creditAccountId, Money amount,
                             String description, Map<String, String> metadata, Instant postedAt) {

    public PostedTransfer {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    static PostedTransfer of(PostTransfer command, Instant postedAt) {
        return new PostedTransfer(command.transferId().value(), command.debitAccountId().value(),
                command.creditAccountId().value(), command.amount(), command.description(), command.metadata(),
                postedAt);
    }

    /** This transfer, posted at {@code time} instead. */
    PostedTransfer withPostedAt(Instant time) {
        return time.equals(postedAt) ? this : new PostedTransfer(transferId, debitAccountId, creditAccountId, amount,
                description, metadata, time);
    }

    /** True when {@code command} asks for exactly this transfer again (a retry, not a new request). */
    boolean isSameRequestAs(PostTransfer command) {
        return transferId.equals(command.transferId().value())
                && debitAccountId.equals(command.debitAccountId().value())
                && creditAccountId.equals(command.creditAccountId().value())
                && amount.equals(command.amount())
                && Objects.equals(description, command.description())
                && metadata.equals(command.metadata());
    }
}
