package com.payledger.query.audit.merkle;

import static com.payledger.query.audit.merkle.MerkleHashes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.payledger.query.audit.merkle.CompactRange.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    private static final int SIZE_MAX = 300;

    private final List<byte[]> leaves = InMemorySubtrees.leafHashes(SIZE_MAX);
    private final InMemorySubtrees store = new InMemorySubtrees(leaves);
    private final MerkleProofs proofs = new MerkleProofs(store);

    @Test
    void givenLeavesAppendedOneByOne_whenEachAppendReportsItsNodes_thenTheyAreExactlyThePerfectSubtrees() {
        CompactRange range = CompactRange.empty();
        List<Node> reported = new ArrayList<>();
        for (int leafIndex = 0; leafIndex < SIZE_MAX; leafIndex++) {
            List<Node> nodes = range.append(leaves.get(leafIndex));
            // Leaf k closes one subtree per trailing 1-bit of k, each ending at leaf k.
            assertThat(nodes).hasSize(Long.numberOfTrailingZeros(leafIndex + 1) + 1);
            for (int level = 0; level < nodes.size(); level++) {
                assertThat(nodes.get(level).level()).isEqualTo(level);
                assertThat(nodes.get(level).index()).isEqualTo(((leafIndex + 1L) >> level) - 1);
            }
            reported.addAll(nodes);
        }
        assertThat(reported).containsExactlyInAnyOrderElementsOf(store.allNodes());
    }

    @Test
    void givenEverySizeUpTo300_whenTheRootIsTakenFromTheFrontier_thenItEqualsTheRootFromStoredSubtrees() {
        CompactRange range = CompactRange.empty();
        assertThat(range.root()).isEqualTo(MerkleHashes.emptyRoot());
        for (int size = 1; size <= SIZE_MAX; size++) {
            range.append(leaves.get(size - 1));
            assertThat(range.size()).isEqualTo(size);
            assertThat(hex(range.root())).as("root of %d", size).isEqualTo(hex(proofs.root(size)));
        }
    }

    @Test
    void givenEverySizeUpTo300_whenRestoredFromItsFrontier_thenItContinuesExactlyLikeTheOriginal() {
        CompactRange original = CompactRange.empty();
        for (int size = 0; size < SIZE_MAX; size++) {
            List<Node> frontier = original.frontier();
            assertThat(frontier).hasSize(Long.bitCount(size));
            CompactRange fromNodes = CompactRange.restore(size, frontier);
            CompactRange fromStore = CompactRange.restore(size, store);
            assertThat(fromNodes.frontier()).isEqualTo(frontier);
            assertThat(fromStore.frontier()).isEqualTo(frontier);
            assertThat(fromNodes.root()).isEqualTo(original.root());
            byte[] next = leaves.get(size);
            List<Node> expected = original.append(next);
            assertThat(fromNodes.append(next)).isEqualTo(expected);
            assertThat(fromStore.append(next)).isEqualTo(expected);
            assertThat(fromNodes.root()).isEqualTo(original.root());
        }
    }

    @Test
    void givenSize45_whenFrontier_thenOneSubtreePerSetBitLargestFirst() {
        CompactRange range = CompactRange.restore(45, store);
        // 45 = 32 + 8 + 4 + 1: leaves [0, 32), [32, 40), [40, 44) and [44, 45).
        assertThat(range.frontier()).extracting(Node::level, Node::index)
                .containsExactly(tuple(5, 0L), tuple(3, 4L), tuple(2, 10L), tuple(0, 44L));
    }

    @Test
    void givenAFrontierThatDoesNotFitTheSize_whenRestored_thenRejected() {
        List<Node> frontierOf6 = CompactRange.restore(6, store).frontier();
        assertThatThrownBy(() -> CompactRange.restore(7, frontierOf6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the frontier of size 7 is [Position[level=2, index=0], Position[level=1, index=2], "
                        + "Position[level=0, index=6]], got [Position[level=2, index=0], Position[level=1, index=2]]");
        assertThatThrownBy(() -> CompactRange.restore(5, frontierOf6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactRange.restore(6, frontierOf6.subList(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactRange.restore(-1, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size must not be negative, got -1");
    }

    @Test
    void givenANode_whenItsHashArrayIsChanged_thenTheNodeIsNot() {
        byte[] hash = leaves.get(0).clone();
        Node node = new Node(0, 0, hash);
        hash[0] ^= 1;
        node.hash()[1] ^= 1;
        assertThat(node.hash()).isEqualTo(leaves.get(0));
        assertThat(node).isEqualTo(new Node(0, 0, leaves.get(0))).hasSameHashCodeAs(new Node(0, 0, leaves.get(0)));
        assertThat(node.toString()).contains(hex(leaves.get(0)));
    }

    @Test
    void givenAnImpossibleNode_whenCreated_thenRejected() {
        byte[] hash = leaves.get(0);
        assertThatThrownBy(() -> new Node(0, 0, new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node(-1, 0, hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node(63, 0, hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node(0, -1, hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node(62, 2, hash)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompactRange.empty().append(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheLargestTree_whenTheLastLeafIsAppended_thenTheRootMatchesAndTheNextAppendIsRefused() {
        UniformSubtrees uniform = new UniformSubtrees();
        CompactRange range = CompactRange.restore(Long.MAX_VALUE - 1, uniform);
        List<Node> closed = range.append(uniform.hash(0, 0));
        assertThat(closed).hasSize(1);
        assertThat(range.size()).isEqualTo(Long.MAX_VALUE);
        assertThat(range.root()).isEqualTo(new MerkleProofs(uniform).root(Long.MAX_VALUE));
        assertThatThrownBy(() -> range.append(uniform.hash(0, 0))).isInstanceOf(IllegalStateException.class);
    }
}
