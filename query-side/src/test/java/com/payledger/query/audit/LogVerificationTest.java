package com.payledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.Checkpoints;
import com.payledger.query.audit.checkpoint.TrustedCheckpointKeys;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.log.StoredNodes;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A verification walks the stored checkpoints beside the leaves a page at a time: all at once, a million of them
 * (two years of one a minute) took over a gigabyte of heap per call. Every checkpoint is still checked, across pages.
 */
class LogVerificationTest {

    private static final int LEAVES = 2 * CheckpointPages.PAGE + 500;

    @Test
    void givenMoreCheckpointsThanAPage_whenVerified_thenEachIsCheckedAndNoQueryReadsMoreThanAPage() {
        List<LoggedEvent> leaves = new ArrayList<>();
        List<Checkpoint> signed = new ArrayList<>();
        CompactRange tree = CompactRange.empty();
        Map<StoredNodes.Position, byte[]> innerNodes = new HashMap<>();
        for (int position = 0; position < LEAVES; position++) {
            StoredEvent event = new StoredEvent(position + 1, "event-" + position, "account", position, "Account",
                    "com.payledger.events.account.AccountCredited", "1", "2027-01-01T00:00:00Z",
                    "{}".getBytes(StandardCharsets.UTF_8), null);
            byte[] leafHash = MerkleHashes.leafHash(LeafEncoding.encode(event));
            leaves.add(new LoggedEvent((long) position, leafHash, event));
            tree.append(leafHash).stream().filter(node -> node.level() > 0).forEach(node ->
                    innerNodes.put(new StoredNodes.Position(node.level(), node.index()), node.hash()));
            signed.add(new Checkpoint(tree.size(), MerkleHashes.hex(tree.root()), Instant.EPOCH, "", "", ""));
        }
        MerkleLogStore log = mock(MerkleLogStore.class);
        when(log.leavesWithEvents(anyLong(), anyInt())).thenAnswer(call -> page(leaves,
                (int) (long) call.getArgument(0), call.getArgument(1)));
        when(log.unlogged(any(), anyInt())).thenReturn(List.of());
        AtomicInteger largestPage = new AtomicInteger();
        Checkpoints checkpoints = mock(Checkpoints.class);
        when(checkpoints.inOrder(anyLong(), anyInt())).thenAnswer(call -> {
            long fromTreeSize = call.getArgument(0);
            int limit = call.getArgument(1);
            List<Checkpoint> page = signed.stream().filter(c -> c.treeSize() >= fromTreeSize).limit(limit).toList();
            largestPage.accumulateAndGet(page.size(), Math::max);
            return page;
        });
        when(checkpoints.latest()).thenReturn(Optional.of(signed.get(signed.size() - 1)));
        StoredNodes nodes = storedNodes(innerNodes);
        TrustedCheckpointKeys keys = mock(TrustedCheckpointKeys.class);
        when(keys.signer(any())).thenReturn(TrustedCheckpointKeys.Signer.TRUSTED_KEY);
        when(keys.pinned()).thenReturn(true);

        LogVerification.Report report = new LogVerification(log, nodes, checkpoints, keys, Clock.systemUTC()).verify();

        assertThat(report.intact()).as(report.toString()).isTrue();
        assertThat(report.checkpointsChecked()).isEqualTo(LEAVES);
        assertThat(largestPage.get()).isEqualTo(CheckpointPages.PAGE);
    }

    @Test
    void givenACheckpointSignedWhileTheLastLeavesAreChecked_whenVerified_thenIntactNotMissingLeaves() {
        // The log grows and is signed while a verification walks it: a checkpoint signed after the last page of
        // leaves was read covers leaves this verification never saw. Read with the page of checkpoints that starts
        // within that last page of leaves, it was reported as covering more leaves than the log has.
        List<LoggedEvent> leaves = new ArrayList<>();
        List<Checkpoint> signed = new ArrayList<>();
        CompactRange tree = CompactRange.empty();
        Map<StoredNodes.Position, byte[]> innerNodes = new HashMap<>();
        int firstLeaves = LogVerification.BATCH + 500;
        for (int position = 0; position < firstLeaves + 100; position++) {
            StoredEvent event = new StoredEvent(position + 1, "event-" + position, "account", position, "Account",
                    "com.payledger.events.account.AccountCredited", "1", "2027-01-01T00:00:00Z",
                    "{}".getBytes(StandardCharsets.UTF_8), null);
            byte[] leafHash = MerkleHashes.leafHash(LeafEncoding.encode(event));
            leaves.add(new LoggedEvent((long) position, leafHash, event));
            tree.append(leafHash).stream().filter(node -> node.level() > 0).forEach(node ->
                    innerNodes.put(new StoredNodes.Position(node.level(), node.index()), node.hash()));
            // A page of checkpoints whose last lies within the last page of leaves, then one signed later.
            boolean signedAtStart = position < CheckpointPages.PAGE - 1 || position == firstLeaves - 2;
            if (signedAtStart || position == firstLeaves + 99) {
                signed.add(new Checkpoint(tree.size(), MerkleHashes.hex(tree.root()), Instant.EPOCH, "", "", ""));
            }
        }
        AtomicInteger leavesVisible = new AtomicInteger(firstLeaves);
        MerkleLogStore log = mock(MerkleLogStore.class);
        when(log.leavesWithEvents(anyLong(), anyInt())).thenAnswer(call -> {
            List<LoggedEvent> batch = page(leaves.subList(0, leavesVisible.get()), (int) (long) call.getArgument(0),
                    call.getArgument(1));
            if (batch.size() < (int) call.getArgument(1)) {
                leavesVisible.set(leaves.size()); // the log grows and is signed right after its last page was read
            }
            return batch;
        });
        when(log.unlogged(any(), anyInt())).thenReturn(List.of());
        Checkpoints checkpoints = mock(Checkpoints.class);
        when(checkpoints.inOrder(anyLong(), anyInt())).thenAnswer(call -> {
            long fromTreeSize = call.getArgument(0);
            int limit = call.getArgument(1);
            return signed.stream().filter(c -> c.treeSize() <= leavesVisible.get())
                    .filter(c -> c.treeSize() >= fromTreeSize).limit(limit).toList();
        });
        when(checkpoints.latest()).thenAnswer(call -> signed.stream()
                .filter(c -> c.treeSize() <= leavesVisible.get()).reduce((first, second) -> second));
        TrustedCheckpointKeys keys = mock(TrustedCheckpointKeys.class);
        when(keys.signer(any())).thenReturn(TrustedCheckpointKeys.Signer.TRUSTED_KEY);
        when(keys.pinned()).thenReturn(true);

        LogVerification.Report report = new LogVerification(log, storedNodes(innerNodes), checkpoints, keys,
                Clock.systemUTC()).verify();

        assertThat(report.intact()).as(report.toString()).isTrue();
        assertThat(report.checkpointsChecked()).isEqualTo(CheckpointPages.PAGE);
    }

    /** The stored inner nodes, as the appender stores them: every one a batch of leaves asks for is there. */
    private static StoredNodes storedNodes(Map<StoredNodes.Position, byte[]> innerNodes) {
        StoredNodes nodes = mock(StoredNodes.class);
        when(nodes.completedBy(anyLong(), anyLong())).thenReturn(innerNodes);
        when(nodes.firstBeyondTheLeaves()).thenReturn(Optional.empty());
        return nodes;
    }

    private static <T> List<T> page(List<T> all, int from, int limit) {
        return all.subList(Math.min(from, all.size()), Math.min(from + limit, all.size()));
    }

    /**
     * A row whose public key was made unreadable named the key id its row records, the service's own, as a key the
     * service does not trust: the problem is the altered row, and no key signed anything it can name.
     */
    @Test
    void givenACheckpointNamingAnUnreadableKey_whenRefused_thenTheProblemIsTheAlteredRowNotTheServicesKey() {
        Checkpoint altered = new Checkpoint(7, "ab", Instant.parse("2026-12-02T00:00:00Z"), "c2ln", "c27aeb0df76938fa",
                "not a key");

        String problem = LogVerification.checkpointProblem(altered, "ab", TrustedCheckpointKeys.Signer.REFUSED_KEY);

        assertThat(problem).isEqualTo("the checkpoint at size 7 names a signing key that cannot be read: its row "
                + "was altered").doesNotContain("c27aeb0df76938fa");
    }

    @Test
    void givenACheckpointByARetiredKeyPastItsLastTree_whenChecked_thenAProblemNamingTheRetirement() {
        Checkpoint late = new Checkpoint(7, "ab", Instant.parse("2026-12-02T00:00:00Z"), "c2ln", "c27aeb0df76938fa",
                "not a key");

        assertThat(LogVerification.checkpointProblem(late, "ab", TrustedCheckpointKeys.Signer.RETIRED_KEY))
                .contains("size 7", "retired before the tree was that large");
    }
}
