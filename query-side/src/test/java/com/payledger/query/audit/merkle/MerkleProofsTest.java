package com.payledger.query.audit.merkle;

import static com.payledger.query.audit.merkle.MerkleHashes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MerkleProofs must produce exactly what the RFC's recursive definitions produce, from stored subtrees alone. */
class MerkleProofsTest {

    /** Fixed so that CI is repeatable; pass -Dmerkle.seed=... to explore other trees. */
    private static final long SEED = Long.getLong("merkle.seed", 6962_9162L);

    @Test
    void givenEveryTreeUpTo64Leaves_whenRootsAndProofsAreBuilt_thenTheyEqualTheNaiveRfcDefinitions() {
        for (int n = 0; n <= 64; n++) {
            assertAgreesWithTheNaiveDefinitions(n, allIndexes(n), allIndexes(n + 1));
        }
    }

    @Test
    void givenRandomLargeTrees_whenRootsAndProofsAreBuilt_thenTheyEqualTheNaiveRfcDefinitions() {
        System.out.println("MerkleProofsTest seed=" + SEED + " (rerun with -Dmerkle.seed=" + SEED + ")");
        Random random = new Random(SEED);
        for (int tree = 0; tree < 6; tree++) {
            int n = 1000 + random.nextInt(4001);
            List<Integer> leafIndexes = new ArrayList<>(List.of(0, n - 1, 511, 512, 1023));
            List<Integer> fromSizes = new ArrayList<>(List.of(0, 1, n - 1, n, 512, 513, 1024));
            for (int i = 0; i < 15; i++) {
                leafIndexes.add(random.nextInt(n));
                fromSizes.add(random.nextInt(n + 1));
            }
            assertAgreesWithTheNaiveDefinitions(n, leafIndexes, fromSizes);
        }
    }

    @Test
    void givenATreeOf5000Leaves_whenProofsAreBuilt_thenEachNeedsAtMostTwoLookupsPerLevel() {
        InMemorySubtrees store = InMemorySubtrees.ofSize(5000);
        MerkleProofs proofs = new MerkleProofs(store);
        int levels = 64 - Long.numberOfLeadingZeros(5000);
        for (int i = 0; i <= 5000; i += 7) {
            store.resetLookups();
            proofs.inclusionPath(Math.min(i, 4999), 5000);
            assertThat(store.lookups()).as("inclusion lookups for leaf %d", i).isLessThanOrEqualTo(2L * levels);
            store.resetLookups();
            proofs.consistencyPath(i, 5000);
            assertThat(store.lookups()).as("consistency lookups from %d", i).isLessThanOrEqualTo(2L * levels);
        }
        store.resetLookups();
        proofs.root(5000);
        assertThat(store.lookups()).isEqualTo(Long.bitCount(5000));
    }

    @Test
    void givenTheLargestTreeSize_whenProofsAreBuilt_thenTheyVerifyWithoutOverflow() {
        MerkleProofs proofs = new MerkleProofs(new UniformSubtrees());
        long n = Long.MAX_VALUE;
        byte[] root = proofs.root(n);
        byte[] leaf = new UniformSubtrees().hash(0, 0);
        for (long leafIndex : new long[] {0, n / 2, n - 2, n - 1}) {
            List<byte[]> path = proofs.inclusionPath(leafIndex, n);
            assertThat(MerkleVerifier.verifyInclusion(leafIndex, n, leaf, path, root)).as("leaf %d", leafIndex)
                    .isTrue();
        }
        for (long fromSize : new long[] {1, 1L << 62, (1L << 62) + 1, n - 1}) {
            List<byte[]> path = proofs.consistencyPath(fromSize, n);
            assertThat(MerkleVerifier.verifyConsistency(fromSize, n, proofs.root(fromSize), root, path))
                    .as("consistency from %d", fromSize).isTrue();
        }
    }

    @Test
    void givenImpossibleSizesOrIndexes_whenProofsAreRequested_thenRejectedWithTheReason() {
        MerkleProofs proofs = new MerkleProofs(InMemorySubtrees.ofSize(8));
        assertThatThrownBy(() -> proofs.root(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize must not be negative, got -1");
        assertThatThrownBy(() -> proofs.inclusionPath(8, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafIndex 8 must be in [0, treeSize) with treeSize 8");
        assertThatThrownBy(() -> proofs.inclusionPath(-1, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafIndex -1 must be in [0, treeSize) with treeSize 8");
        assertThatThrownBy(() -> proofs.inclusionPath(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leafIndex 0 must be in [0, treeSize) with treeSize 0");
        assertThatThrownBy(() -> proofs.inclusionPath(0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treeSize must not be negative, got -1");
        assertThatThrownBy(() -> proofs.consistencyPath(5, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fromSize 5 must not exceed toSize 4");
        assertThatThrownBy(() -> proofs.consistencyPath(-1, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fromSize must not be negative, got -1");
        assertThatThrownBy(() -> proofs.rangeHash(3, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range [3, 2) needs 0 <= start <= end");
    }

    @Test
    void givenARangeTheRecursionNeverSplitsOff_whenRangeHash_thenRejectedBecauseNoSubtreeIsAligned() {
        MerkleProofs proofs = new MerkleProofs(InMemorySubtrees.ofSize(8));
        assertThatThrownBy(() -> proofs.rangeHash(1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start must be a multiple of 2");
        assertThatThrownBy(() -> proofs.rangeHash(2, 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("start must be a multiple of 4");
    }

    @Test
    void givenAlignedRanges_whenRangeHash_thenTheNaiveHashOfThoseLeaves() {
        List<byte[]> leaves = InMemorySubtrees.leafHashes(64);
        MerkleProofs proofs = new MerkleProofs(new InMemorySubtrees(leaves));
        for (int start = 0; start <= 64; start++) {
            for (int end = start; end <= 64; end++) {
                if (end == start || start % Long.highestOneBit(end - start) == 0) {
                    assertThat(hex(proofs.rangeHash(start, end))).as("[%d, %d)", start, end)
                            .isEqualTo(hex(NaiveMerkleTree.mth(leaves.subList(start, end))));
                }
            }
        }
    }

    @Test
    void givenAStoreThatLostANode_whenItIsNeeded_thenFailsLoudlyNamingTheNode() {
        MerkleProofs missing = new MerkleProofs((level, index) -> null);
        assertThatThrownBy(() -> missing.root(3)).isInstanceOf(IllegalStateException.class)
                .hasMessage("perfect subtree at level 1, index 0 must be a 32-byte hash, got null");
        MerkleProofs truncated = new MerkleProofs((level, index) -> new byte[31]);
        assertThatThrownBy(() -> truncated.inclusionPath(0, 2)).isInstanceOf(IllegalStateException.class)
                .hasMessage("perfect subtree at level 0, index 1 must be a 32-byte hash, got 31 bytes");
    }

    @Test
    void givenARootWasReturned_whenTheCallerChangesIt_thenTheStoredHashIsUnchanged() {
        byte[] stored = MerkleHashes.emptyRoot();
        MerkleProofs proofs = new MerkleProofs((level, index) -> stored);
        proofs.root(1)[0] ^= 1;
        assertThat(proofs.root(1)).isEqualTo(MerkleHashes.emptyRoot());
    }

    private static void assertAgreesWithTheNaiveDefinitions(int n, List<Integer> leafIndexes, List<Integer> fromSizes) {
        List<byte[]> leaves = InMemorySubtrees.leafHashes(n);
        MerkleProofs proofs = new MerkleProofs(new InMemorySubtrees(leaves));
        assertThat(hex(proofs.root(n))).as("root of %d", n).isEqualTo(hex(NaiveMerkleTree.mth(leaves)));
        for (int m : leafIndexes) {
            assertThat(hexes(proofs.inclusionPath(m, n))).as("PATH(%d, D[%d])", m, n)
                    .isEqualTo(hexes(NaiveMerkleTree.path(m, leaves)));
        }
        for (int m : fromSizes) {
            List<String> expected = m == 0 ? List.of() : hexes(NaiveMerkleTree.proof(m, leaves));
            assertThat(hexes(proofs.consistencyPath(m, n))).as("PROOF(%d, D[%d])", m, n).isEqualTo(expected);
        }
    }

    private static List<Integer> allIndexes(int count) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            indexes.add(i);
        }
        return indexes;
    }

    private static List<String> hexes(List<byte[]> hashes) {
        return hashes.stream().map(MerkleHashes::hex).toList();
    }
}
