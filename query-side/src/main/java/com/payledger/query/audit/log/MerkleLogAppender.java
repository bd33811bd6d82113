package com.payledger.query.audit.log;

import com.payledger.query.audit.merkle.MerkleHashes;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Appends every committed event to the verifiable log, in the order a single-segment tracking processor delivers
 * them. That order is stable, unlike the global index (transactions commit out of index order), and it is decided
 * after commit, so hashing never slows down or serialises the write path.
 *
 * <p>Each append stores the leaf hash and every perfect subtree the leaf completes, in the processor's
 * transaction together with its token: a leaf is appended exactly once, and a redelivered event is skipped.
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
class MerkleLogAppender {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "audit-merkle-log";

    private final MerkleLogStore log;
    private final BalanceHistory balances;

    MerkleLogAppender(MerkleLogStore log, BalanceHistory balances) {
        this.log = log;
        this.balances = balances;
    }

    @EventHandler
    void on(Object anyEvent, TrackingToken token) {
        long globalIndex = token.position().orElseThrow(() ->
                new IllegalStateException("the audit log needs tokens that know their position: " + token));
        if (log.isLeaf(globalIndex)) {
            return;
        }
        StoredEvent event = log.storedEvent(globalIndex).orElseThrow(() ->
                new IllegalStateException("event " + globalIndex + " was delivered but is not in the event store"));
        long leafIndex = log.size();
        byte[] hash = MerkleHashes.leafHash(LeafEncoding.encode(event));
        log.insertLeaf(leafIndex, event, hash);
        int level = 0;
        for (long index = leafIndex; (index & 1) == 1; index >>= 1) {
            hash = MerkleHashes.nodeHash(log.subtree(level, index - 1), hash);
            level++;
            log.insertNode(level, index >> 1, hash);
        }
        balances.checkpointIfDue(event);
    }
}
