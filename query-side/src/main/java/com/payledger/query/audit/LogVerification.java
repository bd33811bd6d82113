package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.Checkpoints;
import com.payledger.query.audit.checkpoint.TrustedCheckpointKeys;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.log.StoredNodes;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The service checking its own history: every stored event is hashed again and compared with its leaf, and the
 * tree built from those fresh hashes must reproduce every signed checkpoint. A row changed after the fact (even by
 * a superuser who bypassed the append-only trigger) shows as the first position whose hash no longer matches.
 * Each checkpoint must be signed by a key the service trusts ({@link TrustedCheckpointKeys}), not merely by the key
 * stored beside it: otherwise a superuser who rewrote the leaves too could sign the new roots with a key of their own.
 * Finally every stored event must be a leaf: one that was stored but never logged is history the log cannot vouch
 * for, whether a superuser slipped it in or a tracking processor passed over it.
 *
 * <p>The stored inner nodes are checked against the tree the leaves make, too ({@link StoredNodes}): proofs and roots
 * are served from them, so a node changed after the fact made every proof through it fail offline while this check
 * still called the log intact, and a node stored ahead of the leaves would stop the appender for good.
 */
@Component
class LogVerification {

    static final int BATCH = 1000;

    /**
     * What a verification found. {@code firstBadPosition} is null when the log is intact; when a checkpoint does
     * not match a log whose leaves all match their rows, the leaves were rewritten too and the damage lies below
     * that checkpoint's size. {@code firstUnloggedGlobalIndex} names the lowest stored event that has no leaf though
     * newer ones do. Of the {@code checkpointsChecked}, {@code checkpointsByTrustedKeys} were signed by a key the
     * service trusts and {@code checkpointsByUnknownKeys} by a key it does not know, which it accepts only while
     * {@code signerKeysPinned} is false (no signing key configured, so every earlier process had a key of its own):
     * those checkpoints prove nothing against someone who can write to the database.
     */
    @Schema(name = "VerificationReport") // the consistency check's Report is another schema
    record Report(boolean intact, long leavesChecked, int checkpointsChecked, @Nullable Long firstBadPosition,
                  @Nullable String problem, @Nullable Long firstUnloggedGlobalIndex, int checkpointsByTrustedKeys,
                  int checkpointsByUnknownKeys, boolean signerKeysPinned) {

        Report withUnlogged(long globalIndex) {
            return withUnlogged(globalIndex, "the event at global index " + globalIndex
                    + " is stored but was never logged");
        }

        Report withUnlogged(long globalIndex, String problem) {
            return new Report(false, leavesChecked, checkpointsChecked, null, problem, globalIndex,
                    checkpointsByTrustedKeys, checkpointsByUnknownKeys, signerKeysPinned);
        }
    }

    /** The checkpoints a verification has accepted so far, by who signed them. */
    private record Accepted(int byTrustedKeys, int byUnknownKeys, boolean pinned) {

        Accepted plus(TrustedCheckpointKeys.Signer signer) {
            return signer == TrustedCheckpointKeys.Signer.TRUSTED_KEY
                    ? new Accepted(byTrustedKeys + 1, byUnknownKeys, pinned)
                    : new Accepted(byTrustedKeys, byUnknownKeys + 1, pinned);
        }

        Report broken(long leavesChecked, long firstBadPosition, String problem) {
            return new Report(false, leavesChecked, byTrustedKeys + byUnknownKeys, firstBadPosition, problem, null,
                    byTrustedKeys, byUnknownKeys, pinned);
        }

        Report intact(long leavesChecked) {
            return new Report(true, leavesChecked, byTrustedKeys + byUnknownKeys, null, null, null, byTrustedKeys,
                    byUnknownKeys, pinned);
        }
    }

    private final MerkleLogStore log;
    private final StoredNodes nodes;
    private final Checkpoints checkpoints;
    private final TrustedCheckpointKeys trustedKeys;
    private final Clock clock;

    LogVerification(MerkleLogStore log, StoredNodes nodes, Checkpoints checkpoints, TrustedCheckpointKeys trustedKeys,
                    Clock clock) {
        this.log = log;
        this.nodes = nodes;
        this.checkpoints = checkpoints;
        this.trustedKeys = trustedKeys;
        this.clock = clock;
    }

    Report verify() {
        Report leaves = verifyLeaves();
        if (!leaves.intact()) {
            return leaves;
        }
        Long unlogged = firstUnloggedEvent();
        if (unlogged != null) {
            return leaves.withUnlogged(unlogged);
        }
        // A log that stopped taking events in vouches for none of them, however intact what it holds.
        return log.firstBeyondTheLog(clock.instant().minus(MerkleLogStore.UNLOGGED_AFTER))
                .map(behind -> leaves.withUnlogged(behind.globalIndex(), "the log has not taken in the event at "
                        + "global index " + behind.globalIndex() + ", stored over " + MerkleLogStore.UNLOGGED_AFTER
                        .toMinutes() + " minutes ago, nor any after it: its appender stopped or fell behind"))
                .orElse(leaves);
    }

    /**
     * The lowest global index of an event that is not a leaf although a newer event is, and that is older than
     * {@link MerkleLogStore#UNLOGGED_AFTER}: younger ones may still be on their way to the log. Called once every
     * leaf and checkpoint checked out, since the age may rest on the checkpoints ({@link MerkleLogStore#unlogged}).
     */
    private Long firstUnloggedEvent() {
        return log.unlogged(clock.instant().minus(MerkleLogStore.UNLOGGED_AFTER), 1).stream()
                .map(MerkleLogStore.UnloggedEvent::globalIndex).findFirst().orElse(null);
    }

    private Report verifyLeaves() {
        // Read before any leaf: checkpoints signed since cover leaves this verification may never read.
        long signedTreeSizeMax = checkpoints.latest().map(Checkpoint::treeSize).orElse(0L);
        Iterator<Checkpoint> pending = new CheckpointPages(checkpoints, signedTreeSizeMax);
        Checkpoint next = pending.hasNext() ? pending.next() : null;
        Accepted accepted = new Accepted(0, 0, trustedKeys.pinned());
        CompactRange tree = CompactRange.empty();
        for (long position = 0; ; position += BATCH) {
            List<LoggedEvent> batch = log.leavesWithEvents(position, BATCH);
            Map<StoredNodes.Position, byte[]> stored = nodes.completedBy(position, position + batch.size());
            for (LoggedEvent logged : batch) {
                if (logged.position() != tree.size()) {
                    return accepted.broken(tree.size(), tree.size(), "the log has no leaf at this position");
                }
                if (logged.event() == null) {
                    return accepted.broken(tree.size(), logged.position(),
                            "the stored event of this leaf is gone: it was deleted after it was logged");
                }
                byte[] recomputed = MerkleHashes.leafHash(LeafEncoding.encode(logged.event()));
                if (!Arrays.equals(recomputed, logged.leafHash())) {
                    return accepted.broken(tree.size(), logged.position(),
                            "the stored event no longer hashes to its leaf: it was changed after it was logged");
                }
                NodeProblem nodeProblem = nodeProblem(tree.append(recomputed), stored);
                if (nodeProblem != null) {
                    // Its leaves hash as they should: the first position it covers is where proofs go wrong.
                    return accepted.broken(tree.size(), nodeProblem.firstLeaf(), nodeProblem.problem());
                }
                while (next != null && next.treeSize() == tree.size()) {
                    TrustedCheckpointKeys.Signer signer = trustedKeys.signer(next);
                    String problem = checkpointProblem(next, MerkleHashes.hex(tree.root()), signer);
                    if (problem != null) {
                        return accepted.broken(tree.size(), next.treeSize() - 1, problem);
                    }
                    accepted = accepted.plus(signer);
                    next = pending.hasNext() ? pending.next() : null;
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (next != null) {
            return accepted.broken(tree.size(), tree.size(),
                    "a checkpoint covers " + next.treeSize() + " leaves but the log has only " + tree.size());
        }
        Optional<StoredNodes.Position> beyond = nodes.firstBeyondTheLeaves();
        if (beyond.isPresent()) {
            return accepted.broken(tree.size(), tree.size(), "a node is stored at level " + beyond.get().level()
                    + ", index " + beyond.get().index() + ", which no tree of the stored leaves has: it was slipped "
                    + "in, and would stop the log from taking in the leaves under it");
        }
        return accepted.intact(tree.size());
    }

    /** A stored inner node that is missing or wrong, and the first leaf under it. */
    private record NodeProblem(long firstLeaf, String problem) {
    }

    /** Whether the inner nodes an append completed are stored as the leaves make them; null when they are. */
    private static NodeProblem nodeProblem(List<CompactRange.Node> completed,
                                           Map<StoredNodes.Position, byte[]> stored) {
        for (CompactRange.Node node : completed) {
            if (node.level() == 0) {
                continue; // the leaf itself, checked against its row above
            }
            byte[] hash = stored.get(new StoredNodes.Position(node.level(), node.index()));
            long firstLeaf = node.index() << node.level();
            if (hash == null) {
                return new NodeProblem(firstLeaf, "the node at level " + node.level() + ", index " + node.index()
                        + " is not stored: proofs through it cannot be served");
            }
            if (!Arrays.equals(hash, node.hash())) {
                return new NodeProblem(firstLeaf, "the stored node at level " + node.level() + ", index "
                        + node.index() + " differs from the tree its leaves make: it was changed, and proofs served "
                        + "through it fail");
            }
        }
        return null;
    }

    static String checkpointProblem(Checkpoint checkpoint, String recomputedRoot,
                                            TrustedCheckpointKeys.Signer signer) {
        if (!recomputedRoot.equals(checkpoint.rootHash())) {
            return "the log's root at size " + checkpoint.treeSize() + " differs from the signed checkpoint";
        }
        return switch (signer) {
            case TRUSTED_KEY, UNKNOWN_KEY -> null;
            // An unreadable key named no signer: the row's own key_id, which the one who changed the row chose,
            // named the service's key as one it did not trust.
            case REFUSED_KEY -> TrustedCheckpointKeys.keyId(checkpoint)
                    .map(keyId -> "the checkpoint at size " + checkpoint.treeSize() + " is signed by key " + keyId
                            + ", which the service does not trust")
                    .orElse("the checkpoint at size " + checkpoint.treeSize() + " names a signing key that cannot "
                            + "be read: its row was altered");
            case INVALID_SIGNATURE -> "the checkpoint at size " + checkpoint.treeSize() + " has an invalid signature";
            case RETIRED_KEY -> "the checkpoint at size " + checkpoint.treeSize() + " is signed by key "
                    + TrustedCheckpointKeys.keyId(checkpoint).orElse("?") + ", retired before the tree was that "
                    + "large (PAYLEDGER_CHECKPOINT_TRUSTED_PUBLIC_KEYS)";
        };
    }
}
