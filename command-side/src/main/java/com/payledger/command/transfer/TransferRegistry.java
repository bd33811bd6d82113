package com.payledger.command.transfer;

import java.util.Optional;

/**
 * Remembers every transfer id forever, in the same database transaction as the transfer's legs, so an id can never
 * move money twice: not on a retry, not on a duplicate delivered concurrently, not after a restart.
 */
interface TransferRegistry {

    /**
     * Claims {@code transfer.transferId()} for {@code transfer} in the current transaction. Returns the transfer that
     * already holds the id, or empty when the claim succeeded. A concurrent claim of the same id waits until the
     * other transaction ends; if that one rolls back (a rejected transfer), the id is free again.
     */
    Optional<PostedTransfer> claim(PostedTransfer transfer);

    /**
     * Records the time the claimed transfer was finally posted at, when it differs from the claim's: later, so that
     * it is not before either account's latest entry. It is written in the claim's transaction, so an identical
     * retry answers with the time the legs carry.
     */
    void settle(PostedTransfer transfer);
}
