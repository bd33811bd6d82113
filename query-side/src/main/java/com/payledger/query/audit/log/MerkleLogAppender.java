package com.payledger.query.audit.log;

import com.payledger.query.audit.merkle.MerkleHashes;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Appends every committed event to the verifiable log, in the order a single-segment tracking processor delivers
 * them. That order is stable, unlike the global index (transactions commit out of index order), and it is decided
 * after commit, so hashing never slows down or serialises the write path.
 *
 * <p>Each append stores the leaf hash and every perfect subtree the leaf completes, in the processor's
 * transaction together with its token: a leaf is appended exactly once, and a redelivered event is skipped. Reads
 * and writes go a batch at a time ({@link AppendBatch}), not an event at a time.
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
class MerkleLogAppender {

    /** Also the token key: never rename. */
    static final String PROCESSING_GROUP = "audit-merkle-log";

    private final MerkleLogStore log;
    private final BalanceHistory balances;
    private final CommittedLogSize committed = new CommittedLogSize();

    MerkleLogAppender(MerkleLogStore log, BalanceHistory balances) {
        this.log = log;
        this.balances = balances;
    }

    /**
     * The stored row is found by the event's identifier, never by the token's position: the position is the highest
     * index the processor has seen, so an event that commits late and fills a gap arrives with the position of a
     * newer one. Taking the position for its index once made such an event look logged already, and it was skipped
     * for good. The token parameter stays so that only a tracking processor, whose order is the log's, delivers here.
     */
    @EventHandler
    void on(Object anyEvent, @MessageIdentifier String eventIdentifier, TrackingToken token) {
        AppendBatch batch = AppendBatch.of(CurrentUnitOfWork.get(), log, eventIdentifier, committed);
        StoredEvent event = batch.stored(eventIdentifier);
        if (event == null) {
            throw new IllegalStateException("event " + eventIdentifier
                    + " was delivered but is not in the event store");
        }
        if (batch.isLogged(event.globalIndex())) {
            return; // redelivered: this event is a leaf already
        }
        batch.append(event, MerkleHashes.leafHash(LeafEncoding.encode(event)));
        balances.checkpointIfDue(event);
    }
}
