package com.payledger.query.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every honest proof verifies, and every change an attacker could make to one (a byte of any hash, the index, a size,
 * the length of the path) makes it fail.
 */
class MerkleVerifierTest {

    private static final int INCLUSION_SIZE_MAX = 64;
    private static final int CONSISTENCY_SIZE_MAX = 40;

    private final List<byte[]> leaves = InMemorySubtrees.leafHashes(INCLUSION_SIZE_MAX);
    private final MerkleProofs proofs = new MerkleProofs(new InMemorySubtrees(leaves));

    @Test
    void givenEveryInclusionProofUpTo64Leaves_whenVerified_thenItHoldsAndEveryTamperedCopyFails() {
        for (int n = 1; n <= INCLUSION_SIZE_MAX; n++) {
            byte[] root = proofs.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = proofs.inclusionPath(m, n);
                byte[] leaf = leaves.get(m);
                String proof = "leaf " + m + " of " + n;
                assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, path, root)).as(proof).isTrue();
                for (List<byte[]> tampered : everyByteFlipped(path)) {
                    assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, tampered, root)).as(proof).isFalse();
                }
                for (byte[] tampered : everyByteFlipped(leaf)) {
                    assertThat(MerkleVerifier.verifyInclusion(m, n, tampered, path, root)).as(proof).isFalse();
                }
                for (byte[] tampered : everyByteFlipped(root)) {
                    assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, path, tampered)).as(proof).isFalse();
                }
                assertWrongPlacesFail(m, n, leaf, path, root);
                assertWrongLengthsFail(m, n, leaf, path, root);
            }
        }
    }

    @Test
    void givenEveryConsistencyProofUpTo40Leaves_whenVerified_thenItHoldsAndEveryTamperedCopyFails() {
        for (int n = 0; n <= CONSISTENCY_SIZE_MAX; n++) {
            for (int m = 0; m <= n; m++) {
                List<byte[]> path = proofs.consistencyPath(m, n);
                byte[] fromRoot = proofs.root(m);
                byte[] toRoot = proofs.root(n);
                String proof = "from " + m + " to " + n;
                assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, toRoot, path)).as(proof).isTrue();
                for (List<byte[]> tampered : everyByteFlipped(path)) {
                    assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, toRoot, tampered)).as(proof)
                            .isFalse();
                }
                for (byte[] tampered : everyByteFlipped(fromRoot)) {
                    assertThat(MerkleVerifier.verifyConsistency(m, n, tampered, toRoot, path)).as(proof).isFalse();
                }
                if (m > 0) {
                    // From the empty tree every tree is reachable, so only a non-empty old tree pins the new root.
                    for (byte[] tampered : everyByteFlipped(toRoot)) {
                        assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, tampered, path)).as(proof)
                                .isFalse();
                    }
                }
                assertWrongSizesFail(m, n, path);
            }
        }
    }

    @Test
    void givenTheEmptyTree_whenInclusionIsClaimed_thenItFails() {
        byte[] hash = MerkleHashes.emptyRoot();
        assertThat(MerkleVerifier.verifyInclusion(0, 0, hash, List.of(), hash)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(-1, 1, hash, List.of(), hash)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(1, 1, hash, List.of(), hash)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(0, -1, hash, List.of(), hash)).isFalse();
    }

    @Test
    void givenATreeOfOneLeaf_whenInclusionIsVerified_thenTheLeafIsTheRootAndThePathIsEmpty() {
        byte[] leaf = leaves.get(0);
        assertThat(MerkleVerifier.verifyInclusion(0, 1, leaf, List.of(), leaf)).isTrue();
        assertThat(MerkleVerifier.verifyInclusion(0, 1, leaf, List.of(leaf), leaf)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(0, 1, leaf, List.of(), leaves.get(1))).isFalse();
    }

    @Test
    void givenHashesOfTheWrongLength_whenVerified_thenTheyFailInsteadOfThrowing() {
        byte[] root = proofs.root(2);
        byte[] leaf = leaves.get(0);
        byte[] shortLeaf = Arrays.copyOf(leaf, 31);
        List<byte[]> path = proofs.inclusionPath(0, 2);
        assertThat(MerkleVerifier.verifyInclusion(0, 2, shortLeaf, path, root)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(0, 2, leaf, path, Arrays.copyOf(root, 33))).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(0, 2, leaf, List.of(new byte[0]), root)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(0, 2, leaf, Arrays.asList((byte[]) null), root)).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(1, 2, shortLeaf, root, List.of(leaves.get(1)))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(1, 2, leaf, root, Arrays.asList((byte[]) null))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(2, 2, new byte[0], new byte[0], List.of())).isFalse();
    }

    @Test
    void givenTheSizesTheRfcLeavesOut_whenConsistencyIsVerified_thenOnlyAnEmptyPathOverMatchingRootsHolds() {
        byte[] empty = MerkleHashes.emptyRoot();
        byte[] root = proofs.root(5);
        assertThat(MerkleVerifier.verifyConsistency(0, 0, empty, empty, List.of())).isTrue();
        assertThat(MerkleVerifier.verifyConsistency(0, 5, empty, root, List.of())).isTrue();
        assertThat(MerkleVerifier.verifyConsistency(5, 5, root, root, List.of())).isTrue();
        assertThat(MerkleVerifier.verifyConsistency(0, 5, root, root, List.of())).as("non-empty old root").isFalse();
        assertThat(MerkleVerifier.verifyConsistency(0, 5, empty, root, List.of(empty))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(5, 5, root, empty, List.of())).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(5, 5, root, root, List.of(root))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(4, 5, proofs.root(4), root, List.of())).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(6, 5, root, root, List.of())).as("time travel").isFalse();
        assertThat(MerkleVerifier.verifyConsistency(-1, 5, empty, root, List.of())).isFalse();
    }

    @Test
    void givenANullArgument_whenVerified_thenTheCallerBugIsReported() {
        byte[] hash = MerkleHashes.emptyRoot();
        assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(0, 1, hash, null, hash))
                .isInstanceOf(NullPointerException.class).hasMessage("path");
        assertThatThrownBy(() -> MerkleVerifier.verifyConsistency(0, 1, null, hash, List.of()))
                .isInstanceOf(NullPointerException.class).hasMessage("fromRoot");
    }

    private void assertWrongPlacesFail(int m, int n, byte[] leaf, List<byte[]> path, byte[] root) {
        for (int otherIndex = 0; otherIndex < n; otherIndex++) {
            if (otherIndex != m) {
                assertThat(MerkleVerifier.verifyInclusion(otherIndex, n, leaf, path, root))
                        .as("leaf %d of %d claimed at index %d", m, n, otherIndex).isFalse();
            }
        }
        // Against the real root of another size: the tree head the service would have to have signed.
        for (int otherSize = m + 1; otherSize <= INCLUSION_SIZE_MAX; otherSize++) {
            if (otherSize != n) {
                assertThat(MerkleVerifier.verifyInclusion(m, otherSize, leaf, path, proofs.root(otherSize)))
                        .as("leaf %d of %d claimed in size %d", m, n, otherSize).isFalse();
            }
        }
        // The probes of the reference implementations: same root, size doubled or halved.
        assertThat(MerkleVerifier.verifyInclusion(m, 2L * n, leaf, path, root)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(m, n / 2, leaf, path, root)).isFalse();
    }

    private static void assertWrongLengthsFail(int m, int n, byte[] leaf, List<byte[]> path, byte[] root) {
        assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, appended(path, root), root)).isFalse();
        assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, prepended(root, path), root)).isFalse();
        if (!path.isEmpty()) {
            assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, path.subList(0, path.size() - 1), root)).isFalse();
            assertThat(MerkleVerifier.verifyInclusion(m, n, leaf, path.subList(1, path.size()), root)).isFalse();
        }
    }

    private void assertWrongSizesFail(int m, int n, List<byte[]> path) {
        if (path.isEmpty()) {
            return;
        }
        for (int otherFrom = 0; otherFrom <= n; otherFrom++) {
            if (otherFrom != m) {
                assertThat(MerkleVerifier.verifyConsistency(otherFrom, n, proofs.root(otherFrom), proofs.root(n), path))
                        .as("proof from %d to %d claimed from %d", m, n, otherFrom).isFalse();
            }
        }
        for (int otherTo = m; otherTo <= CONSISTENCY_SIZE_MAX; otherTo++) {
            if (otherTo != n) {
                assertThat(MerkleVerifier.verifyConsistency(m, otherTo, proofs.root(m), proofs.root(otherTo), path))
                        .as("proof from %d to %d claimed to %d", m, n, otherTo).isFalse();
            }
        }
        byte[] fromRoot = proofs.root(m);
        byte[] toRoot = proofs.root(n);
        assertThat(MerkleVerifier.verifyConsistency(m, n, toRoot, fromRoot, path)).as("swapped roots").isFalse();
        assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, toRoot, appended(path, toRoot))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, toRoot, prepended(path.get(0), path))).isFalse();
        assertThat(MerkleVerifier.verifyConsistency(m, n, fromRoot, toRoot, path.subList(0, path.size() - 1)))
                .isFalse();
    }

    /** One copy of the path per byte of every element, with that byte inverted. */
    private static List<List<byte[]>> everyByteFlipped(List<byte[]> path) {
        List<List<byte[]>> copies = new ArrayList<>();
        for (int element = 0; element < path.size(); element++) {
            for (byte[] flipped : everyByteFlipped(path.get(element))) {
                List<byte[]> copy = new ArrayList<>(path);
                copy.set(element, flipped);
                copies.add(copy);
            }
        }
        return copies;
    }

    private static List<byte[]> everyByteFlipped(byte[] hash) {
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < hash.length; i++) {
            byte[] copy = hash.clone();
            copy[i] ^= (byte) 0xff;
            copies.add(copy);
        }
        return copies;
    }

    private static List<byte[]> appended(List<byte[]> path, byte[] last) {
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(last);
        return longer;
    }

    private static List<byte[]> prepended(byte[] first, List<byte[]> path) {
        List<byte[]> longer = new ArrayList<>();
        longer.add(first);
        longer.addAll(path);
        return longer;
    }
}
