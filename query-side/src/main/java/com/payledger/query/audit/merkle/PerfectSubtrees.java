package com.payledger.query.audit.merkle;

/**
 * Read access to the stored hashes of perfect, aligned subtrees: {@code hash(level, index)} is the Merkle Tree Hash
 * of the leaves {@code [index * 2^level, (index + 1) * 2^level)}, so level 0 holds the leaf hashes.
 *
 * <p>RFC 9162 always splits a tree at the largest power of two below its size, so every hash a root or a proof needs
 * is a short chain of these subtrees. Storing them, and nothing else, keeps proofs at O(log n) lookups. For a tree
 * of size n, {@link MerkleProofs} only asks for subtrees that lie entirely within the first n leaves.
 */
@FunctionalInterface
public interface PerfectSubtrees {

    /**
     * Returns the 32-byte hash of the subtree, never null. An implementation that cannot find it should throw: a
     * missing node is a bug or lost data, not something to paper over.
     */
    byte[] hash(int level, long index);
}
