package com.payledger.query.audit.log;

import com.payledger.query.audit.merkle.CompactRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What the Merkle log appender needs for one batch of the tracking processor, fetched and written a batch at a time:
 * the stored rows of every event in the batch in one query, the ones already logged in another, the tree's right
 * edge once, and every new leaf and node in two batched inserts just before the batch commits. Per event that leaves
 * no round trip at all, where it used to take three or four, on the same two cores the commands run on.
 *
 * <p>It lives as long as the batch's unit of work: a rolled-back batch leaves no trace of it, and the next attempt
 * starts over from what is stored.
 */
final class AppendBatch {

    private static final String RESOURCE = AppendBatch.class.getName();

    private final MerkleLogStore log;
    private final Map<String, StoredEvent> stored;
    private final Set<Long> alreadyLogged;
    private final CompactRange tree;
    private final List<MerkleLogStore.Leaf> leaves = new ArrayList<>();
    private final List<CompactRange.Node> nodes = new ArrayList<>();

    private AppendBatch(MerkleLogStore log, List<String> eventIdentifiers) {
        this.log = log;
        this.stored = new HashMap<>();
        log.storedEvents(eventIdentifiers).forEach(event -> stored.put(event.eventIdentifier(), event));
        this.alreadyLogged = log.loggedAmong(stored.values().stream().map(StoredEvent::globalIndex).toList());
        this.tree = CompactRange.restore(log.size(), log::subtree);
    }

    /**
     * The batch of {@code unitOfWork}, prepared on its first event and written when it prepares to commit; it fails
     * first when PostgreSQL took back commits the appender made ({@link CommittedLogSize}).
     */
    static AppendBatch of(UnitOfWork<?> unitOfWork, MerkleLogStore log, String firstEventIdentifier,
                          CommittedLogSize committed) {
        UnitOfWork<?> root = unitOfWork.root();
        return root.getOrComputeResource(RESOURCE, key -> {
            log.becomeTheAppender();
            AppendBatch batch = new AppendBatch(log, eventIdentifiers(root, firstEventIdentifier));
            committed.requireNothingLost(batch.tree.size());
            root.onPrepareCommit(committing -> batch.write());
            root.afterCommit(done -> committed.committed(batch.tree.size()));
            root.onRollback(failed -> committed.forget());
            return batch;
        });
    }

    /** The stored row of the event with this identifier, or null when there is none. */
    StoredEvent stored(String eventIdentifier) {
        return stored.computeIfAbsent(eventIdentifier, id -> log.storedEvent(id).orElse(null));
    }

    boolean isLogged(long globalIndex) {
        return alreadyLogged.contains(globalIndex);
    }

    /** Appends the leaf to the tree in memory; it and the subtrees it completes are written with the batch. */
    void append(StoredEvent event, byte[] leafHash) {
        leaves.add(new MerkleLogStore.Leaf(tree.size(), event, leafHash));
        alreadyLogged.add(event.globalIndex());
        for (CompactRange.Node node : tree.append(leafHash)) {
            if (node.level() > 0) {
                nodes.add(node);
            }
        }
    }

    /** A batch of the given stored events outside the processor: a repair's; the caller writes it. */
    static AppendBatch of(MerkleLogStore log, List<String> eventIdentifiers) {
        log.becomeTheWriter();
        return new AppendBatch(log, eventIdentifiers);
    }

    void write() {
        if (!leaves.isEmpty()) {
            log.insertLeaves(leaves);
        }
        if (!nodes.isEmpty()) {
            log.insertNodes(nodes);
        }
    }

    private static List<String> eventIdentifiers(UnitOfWork<?> root, String firstEventIdentifier) {
        List<String> identifiers = new ArrayList<>();
        identifiers.add(firstEventIdentifier);
        if (root instanceof BatchingUnitOfWork<?> batch) {
            for (Object message : batch.getMessages()) {
                if (message instanceof Message<?> event) {
                    identifiers.add(event.getIdentifier());
                }
            }
        }
        return identifiers;
    }
}
