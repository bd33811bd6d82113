package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.checkpoint.Checkpoints;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import java.time.Clock;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The service checking its own history: every stored event is hashed again and compared with its leaf, and the
 * tree built from those fresh hashes must reproduce every signed checkpoint. A row changed after the fact (even by
 * a superuser who bypassed the append-only trigger) shows as the first position whose hash no longer matches.
 * Finally every stored event must be a leaf: one that was stored but never logged is history the log cannot vouch
 * for, whether a superuser slipped it in or a tracking processor passed over it.
 */
@Component
class LogVerification {

    static final int BATCH = 1000;

    /**
     * What a verification found. {@code firstBadPosition} is null when the log is intact; when a checkpoint does
     * not match a log whose leaves all match their rows, the leaves were rewritten too and the damage lies below
     * that checkpoint's size. {@code firstUnloggedGlobalIndex} names the lowest stored event that has no leaf though
     * newer ones do.
     */
    record Report(boolean intact, long leavesChecked, int checkpointsChecked, Long firstBadPosition, String problem,
                  Long firstUnloggedGlobalIndex) {

        Report(boolean intact, long leavesChecked, int checkpointsChecked, Long firstBadPosition, String problem) {
            this(intact, leavesChecked, checkpointsChecked, firstBadPosition, problem, null);
        }
    }

    private final MerkleLogStore log;
    private final Checkpoints checkpoints;
    private final Clock clock;

    LogVerification(MerkleLogStore log, Checkpoints checkpoints, Clock clock) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.clock = clock;
    }

    Report verify() {
        Report leaves = verifyLeaves();
        if (!leaves.intact()) {
            return leaves;
        }
        Long unlogged = firstUnloggedEvent();
        if (unlogged != null) {
            return new Report(false, leaves.leavesChecked(), leaves.checkpointsChecked(), null,
                    "the event at global index " + unlogged + " is stored but was never logged", unlogged);
        }
        return leaves;
    }

    /**
     * The lowest global index of an event that is not a leaf although a newer event is, and that is older than
     * {@link MerkleLogStore#UNLOGGED_AFTER}: younger ones may still be on their way to the log.
     */
    private Long firstUnloggedEvent() {
        return log.unlogged(clock.instant().minus(MerkleLogStore.UNLOGGED_AFTER), 1).stream()
                .map(MerkleLogStore.UnloggedEvent::globalIndex).findFirst().orElse(null);
    }

    private Report verifyLeaves() {
        Iterator<Checkpoint> pending = checkpoints.all().iterator();
        Checkpoint next = pending.hasNext() ? pending.next() : null;
        int checked = 0;
        CompactRange tree = CompactRange.empty();
        for (long position = 0; ; position += BATCH) {
            List<LoggedEvent> batch = log.leavesWithEvents(position, BATCH);
            for (LoggedEvent logged : batch) {
                if (logged.position() != tree.size()) {
                    return new Report(false, tree.size(), checked, tree.size(), "the log has no leaf at this position");
                }
                if (logged.event() == null) {
                    return new Report(false, tree.size(), checked, logged.position(),
                            "the stored event of this leaf is gone: it was deleted after it was logged");
                }
                byte[] recomputed = MerkleHashes.leafHash(LeafEncoding.encode(logged.event()));
                if (!Arrays.equals(recomputed, logged.leafHash())) {
                    return new Report(false, tree.size(), checked, logged.position(),
                            "the stored event no longer hashes to its leaf: it was changed after it was logged");
                }
                tree.append(recomputed);
                while (next != null && next.treeSize() == tree.size()) {
                    String problem = checkpointProblem(next, MerkleHashes.hex(tree.root()));
                    if (problem != null) {
                        return new Report(false, tree.size(), checked, next.treeSize() - 1, problem);
                    }
                    checked++;
                    next = pending.hasNext() ? pending.next() : null;
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
        }
        if (next != null) {
            return new Report(false, tree.size(), checked, tree.size(),
                    "a checkpoint covers " + next.treeSize() + " leaves but the log has only " + tree.size());
        }
        return new Report(true, tree.size(), checked, null, null);
    }

    private static String checkpointProblem(Checkpoint checkpoint, String recomputedRoot) {
        if (!recomputedRoot.equals(checkpoint.rootHash())) {
            return "the log's root at size " + checkpoint.treeSize() + " differs from the signed checkpoint";
        }
        boolean signed = CheckpointFormat.verify(checkpoint.treeSize(), checkpoint.rootHash(),
                checkpoint.timestamp(), checkpoint.signature(), CheckpointFormat.publicKey(checkpoint.publicKey()));
        return signed ? null : "the checkpoint at size " + checkpoint.treeSize() + " has an invalid signature";
    }
}
