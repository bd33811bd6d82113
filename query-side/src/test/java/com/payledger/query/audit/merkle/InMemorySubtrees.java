package com.payledger.query.audit.merkle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A store of perfect subtrees for a fixed number of leaves, built by pairing neighbours level by level (independently
 * of {@link CompactRange}). It refuses to answer for a subtree that is not complete, so a proof that reached past its
 * tree size would fail the test, and it counts lookups.
 */
final class InMemorySubtrees implements PerfectSubtrees {

    private final List<List<byte[]>> levels = new ArrayList<>();
    private long lookups;

    InMemorySubtrees(List<byte[]> leafHashes) {
        List<byte[]> level = List.copyOf(leafHashes);
        while (!level.isEmpty()) {
            levels.add(level);
            List<byte[]> parents = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                parents.add(MerkleHashes.nodeHash(level.get(i), level.get(i + 1)));
            }
            level = parents;
        }
    }

    static InMemorySubtrees ofSize(int size) {
        return new InMemorySubtrees(leafHashes(size));
    }

    /** Leaf i hashes the 4 big-endian bytes of i, so leaves are distinct and a test can rebuild them. */
    static List<byte[]> leafHashes(int size) {
        List<byte[]> hashes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            hashes.add(MerkleHashes.leafHash(ByteBuffer.allocate(Integer.BYTES).putInt(i).array()));
        }
        return hashes;
    }

    @Override
    public byte[] hash(int level, long index) {
        lookups++;
        if (level >= levels.size() || index < 0 || index >= levels.get(level).size()) {
            throw new IllegalStateException("no complete subtree at level " + level + ", index " + index);
        }
        return levels.get(level).get((int) index).clone();
    }

    /** Every complete subtree, as CompactRange nodes. */
    List<CompactRange.Node> allNodes() {
        List<CompactRange.Node> nodes = new ArrayList<>();
        for (int level = 0; level < levels.size(); level++) {
            for (int index = 0; index < levels.get(level).size(); index++) {
                nodes.add(new CompactRange.Node(level, index, levels.get(level).get(index)));
            }
        }
        return nodes;
    }

    long lookups() {
        return lookups;
    }

    void resetLookups() {
        lookups = 0;
    }
}
