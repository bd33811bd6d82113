package com.payledger.command.transfer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * {@link TransferRegistry} in memory for tests. Like the real table, a claim belongs to the unit of work that made it:
 * when that unit of work rolls back (a rejected transfer), the claim is removed and the id is free again.
 */
final class InMemoryTransferRegistry implements TransferRegistry {

    private final ConcurrentMap<String, PostedTransfer> claims = new ConcurrentHashMap<>();

    @Override
    public Optional<PostedTransfer> claim(PostedTransfer transfer) {
        PostedTransfer earlier = claims.putIfAbsent(transfer.transferId(), transfer);
        if (earlier != null) {
            return Optional.of(earlier);
        }
        // CurrentUnitOfWork.get() throws outside a unit of work: a claim that could never be rolled back is a bug.
        CurrentUnitOfWork.get().onRollback(unitOfWork -> claims.remove(transfer.transferId(), transfer));
        return Optional.empty();
    }

    @Override
    public void settle(PostedTransfer transfer) {
        PostedTransfer claimed = claims.get(transfer.transferId());
        if (claimed == null || !claims.replace(transfer.transferId(), claimed, transfer)) {
            throw new IllegalStateException("transfer " + transfer.transferId() + " was not claimed");
        }
        CurrentUnitOfWork.get().onRollback(unitOfWork -> claims.remove(transfer.transferId(), transfer));
    }

    Map<String, PostedTransfer> claims() {
        return Map.copyOf(claims);
    }
}
