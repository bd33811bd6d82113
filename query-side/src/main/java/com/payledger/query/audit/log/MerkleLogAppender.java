package com.payledger.query.audit.log;

import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Appends every committed event to the verifiable log, in the order a single-segment tracking processor delivers
 * them. That order is stable, unlike the global index (transactions commit out of index order), and it is decided
 * after commit, so hashing never slows down or serialises the write path.
 *
 * <p>Each append stores the leaf hash and every perfect subtree the leaf completes, in the processor's
 * transaction together with its token: a leaf is appended exactly once, and a redelivered event is skipped. The
 * tree's right edge is read once per batch, not once per event.
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
class MerkleLogAppender {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "audit-merkle-log";
    private static final String TREE_RESOURCE = MerkleLogAppender.class.getName() + ".tree";

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
        StoredEvent event = log.storedEvent(globalIndex).orElseThrow(() ->
                new IllegalStateException("event " + globalIndex + " was delivered but is not in the event store"));
        CompactRange tree = treeOfThisBatch();
        byte[] hash = MerkleHashes.leafHash(LeafEncoding.encode(event));
        if (!log.insertLeafUnlessLogged(tree.size(), event, hash)) {
            return; // redelivered: this event is a leaf already
        }
        for (CompactRange.Node node : tree.append(hash)) {
            if (node.level() > 0) {
                log.insertNode(node.level(), node.index(), node.hash());
            }
        }
        balances.checkpointIfDue(event);
    }

    /**
     * The tree's right edge, read once per batch and then kept in memory while the batch appends to it. It lives as
     * long as the batch's unit of work: a rolled-back batch leaves no trace of it, and the next batch reads again.
     */
    private CompactRange treeOfThisBatch() {
        return CurrentUnitOfWork.get().root().getOrComputeResource(TREE_RESOURCE,
                key -> CompactRange.restore(log.size(), log::subtree));
    }
}
