package com.payledger.query.audit.log;

import com.payledger.query.audit.merkle.MerkleHashes;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends to the log the stored events it never took in: those the verification names as unlogged (no leaf though
 * a newer event has one, older than {@link MerkleLogStore#UNLOGGED_AFTER}). Before the appender looked events up by
 * identifier, an event that committed after a newer one could be passed over that way; a database written then
 * keeps the hole until this runs.
 *
 * <p>History is not edited: each such event becomes a new leaf at the end of the log, exactly as if it had been
 * delivered late, so every signed checkpoint stays a prefix of the log and its consistency proofs hold. The leaf
 * records the event's global index, which shows an auditor that it came late. The repair takes the appender's
 * writer lock, so the two never compute the same position.
 */
@Component
public class LogRepair {

    /** Events appended per call: a bound on one transaction; a call that hits it reports that more remain. */
    public static final int MAX_PER_CALL = 10_000;

    /**
     * {@code appended} events, as leaves {@code firstPosition} onward ({@code null} when none), by their global
     * indexes; {@code treeSize} after; {@code more}: another call has more to append.
     */
    public record Repaired(int appended, List<Long> globalIndexes, @Nullable Long firstPosition, long treeSize,
                           boolean more) {
    }

    private final MerkleLogStore log;
    private final BalanceHistory balances;
    private final TransactionTemplate transactions;
    private final Clock clock;

    LogRepair(MerkleLogStore log, BalanceHistory balances, TransactionTemplate transactions, Clock clock) {
        this.log = log;
        this.balances = balances;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Repaired appendUnlogged() {
        return transactions.execute(status -> {
            log.becomeTheWriter();
            // Read under the lock: an appender batch that committed meanwhile may have logged some of them.
            List<MerkleLogStore.UnloggedEvent> unlogged = log.unlogged(
                    clock.instant().minus(MerkleLogStore.UNLOGGED_AFTER), MAX_PER_CALL + 1);
            List<MerkleLogStore.UnloggedEvent> now = unlogged.subList(0, Math.min(MAX_PER_CALL, unlogged.size()));
            long firstPosition = log.size();
            if (now.isEmpty()) {
                return new Repaired(0, List.of(), null, firstPosition, false);
            }
            AppendBatch batch = AppendBatch.of(log, now.stream().map(MerkleLogStore.UnloggedEvent::eventIdentifier)
                    .toList());
            for (MerkleLogStore.UnloggedEvent each : now) {
                StoredEvent event = batch.stored(each.eventIdentifier());
                batch.append(event, MerkleHashes.leafHash(LeafEncoding.encode(event)));
                balances.checkpointIfDue(event);
            }
            batch.write();
            return new Repaired(now.size(), now.stream().map(MerkleLogStore.UnloggedEvent::globalIndex).toList(),
                    firstPosition, firstPosition + now.size(), unlogged.size() > MAX_PER_CALL);
        });
    }
}
