package com.payledger.query.audit.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An append-only accumulator over leaf hashes that keeps only the frontier: for size n, the perfect subtrees along the
 * right edge of the tree, one per set bit of n, largest (leftmost) first. Each append reports the perfect subtrees it
 * completes, so the service can store them as it goes and later serve them as {@link PerfectSubtrees}; the root of
 * the current size needs nothing but the frontier.
 *
 * <p>Not thread-safe: it models a single writer appending leaves in order.
 */
public final class CompactRange {

    /** Levels stop below 63 so that {@code 2^level} and every leaf offset fit in a {@code long}. */
    private static final int LEVEL_LIMIT = Long.SIZE - 1;

    private final List<byte[]> frontierHashes;
    private long size;

    private CompactRange(long size, List<byte[]> frontierHashes) {
        this.size = size;
        this.frontierHashes = frontierHashes;
    }

    /** The perfect subtree at {@code level}, {@code index}: MTH of leaves [index * 2^level, (index + 1) * 2^level). */
    public record Node(int level, long index, byte[] hash) {

        public Node {
            if (level < 0 || level >= LEVEL_LIMIT) {
                throw new IllegalArgumentException("level must be in [0, " + LEVEL_LIMIT + "), got " + level);
            }
            if (index < 0 || index > (Long.MAX_VALUE >>> level)) {
                throw new IllegalArgumentException("index " + index + " is out of range at level " + level);
            }
            MerkleHashes.requireHash(hash, "hash");
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        // A record compares arrays by reference; two nodes with the same bytes are the same node.
        @Override
        public boolean equals(Object other) {
            return other instanceof Node node && level == node.level && index == node.index
                    && Arrays.equals(hash, node.hash);
        }

        @Override
        public int hashCode() {
            return Objects.hash(level, index, Arrays.hashCode(hash));
        }

        @Override
        public String toString() {
            return "Node[level=" + level + ", index=" + index + ", hash=" + MerkleHashes.hex(hash) + "]";
        }
    }

    public static CompactRange empty() {
        return new CompactRange(0, new ArrayList<>());
    }

    /**
     * Rebuilds the accumulator for {@code size} leaves from its stored frontier, which must list exactly the nodes
     * {@link #frontier()} returns for that size, in that order.
     */
    public static CompactRange restore(long size, List<Node> frontier) {
        Objects.requireNonNull(frontier, "frontier");
        List<Position> expected = frontierPositions(size);
        List<Position> actual = frontier.stream().map(node -> new Position(node.level(), node.index())).toList();
        if (!actual.equals(expected)) {
            throw new IllegalArgumentException("the frontier of size " + size + " is " + expected + ", got " + actual);
        }
        List<byte[]> hashes = new ArrayList<>();
        frontier.forEach(node -> hashes.add(node.hash()));
        return new CompactRange(size, hashes);
    }

    /** Rebuilds the accumulator for {@code size} leaves by looking up its frontier among the stored subtrees. */
    public static CompactRange restore(long size, PerfectSubtrees subtrees) {
        Objects.requireNonNull(subtrees, "subtrees");
        List<Node> frontier = frontierPositions(size).stream()
                .map(position -> new Node(position.level(), position.index(),
                        subtrees.hash(position.level(), position.index())))
                .toList();
        return restore(size, frontier);
    }

    /** How many leaves have been appended. */
    public long size() {
        return size;
    }

    /**
     * Adds the next leaf and returns the perfect subtrees that are complete now and were not before: the leaf itself
     * at level 0, then one node per level it closes, lowest level first.
     */
    public List<Node> append(byte[] leafHash) {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree already holds " + Long.MAX_VALUE + " leaves");
        }
        Node completed = new Node(0, size, leafHash);
        List<Node> nodes = new ArrayList<>();
        nodes.add(completed);
        // Each trailing 1-bit of the old size is a frontier subtree whose right sibling has just been completed.
        for (long bits = size; (bits & 1) == 1; bits >>>= 1) {
            byte[] left = frontierHashes.remove(frontierHashes.size() - 1);
            completed = new Node(completed.level() + 1, completed.index() >>> 1,
                    MerkleHashes.nodeHash(left, completed.hash()));
            nodes.add(completed);
        }
        frontierHashes.add(completed.hash());
        size++;
        return List.copyOf(nodes);
    }

    /** The perfect subtrees on the right edge, largest first: what to store to {@link #restore} this size. */
    public List<Node> frontier() {
        List<Position> positions = frontierPositions(size);
        List<Node> nodes = new ArrayList<>(positions.size());
        for (int i = 0; i < positions.size(); i++) {
            nodes.add(new Node(positions.get(i).level(), positions.get(i).index(), frontierHashes.get(i)));
        }
        return List.copyOf(nodes);
    }

    /** MTH of the leaves appended so far, equal to {@link MerkleProofs#root} for the same size. */
    public byte[] root() {
        if (frontierHashes.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        // The RFC splits at the largest power of two, which is the leftmost frontier subtree; so fold from the right.
        byte[] hash = frontierHashes.get(frontierHashes.size() - 1).clone();
        for (int i = frontierHashes.size() - 2; i >= 0; i--) {
            hash = MerkleHashes.nodeHash(frontierHashes.get(i), hash);
        }
        return hash;
    }

    private static List<Position> frontierPositions(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        List<Position> positions = new ArrayList<>();
        long offset = 0;
        for (int level = LEVEL_LIMIT - 1; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                positions.add(new Position(level, offset >>> level));
                offset += width;
            }
        }
        return positions;
    }

    private record Position(int level, long index) {
    }
}
