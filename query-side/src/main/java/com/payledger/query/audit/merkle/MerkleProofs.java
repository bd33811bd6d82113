package com.payledger.query.audit.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Builds roots, inclusion proofs and consistency proofs exactly as RFC 6962 section 2.1 defines them (MTH, PATH and
 * PROOF), from stored perfect subtrees instead of from the leaves. The RFC recursion is walked top-down as a loop, so
 * each proof costs O(log n) lookups, and a proof for a tree of size n reads nothing beyond its first n leaves.
 */
public final class MerkleProofs {

    private final PerfectSubtrees subtrees;

    public MerkleProofs(PerfectSubtrees subtrees) {
        this.subtrees = Objects.requireNonNull(subtrees, "subtrees");
    }

    /** MTH(D[0:treeSize]); the empty tree's root is SHA-256(""). */
    public byte[] root(long treeSize) {
        requireSize(treeSize, "treeSize");
        return rangeHash(0, treeSize);
    }

    /**
     * MTH(D[start:end]) for a range the RFC recursion can reach: {@code start} must be a multiple of the largest power
     * of two not above {@code end - start}. Every range that MTH, PATH and PROOF split a tree into has that shape; a
     * range that does not is rejected because its hash would need subtrees that are not aligned, and none is stored.
     */
    public byte[] rangeHash(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") needs 0 <= start <= end");
        }
        long size = end - start;
        if (size == 0) {
            return MerkleHashes.emptyRoot();
        }
        long alignment = Long.highestOneBit(size);
        if (start % alignment != 0) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") is not one the RFC 9162 recursion "
                    + "reaches: its start must be a multiple of " + alignment);
        }
        // The recursion splits off the largest power of two on the left until what remains is perfect, so the range
        // is a run of perfect subtrees of decreasing size. Fold them from the right, as the recursion returns.
        List<byte[]> pieces = new ArrayList<>();
        long offset = start;
        while (offset < end) {
            long pieceSize = Long.highestOneBit(end - offset);
            pieces.add(perfectSubtree(pieceSize, offset));
            offset += pieceSize;
        }
        byte[] hash = pieces.get(pieces.size() - 1);
        for (int i = pieces.size() - 2; i >= 0; i--) {
            hash = MerkleHashes.nodeHash(pieces.get(i), hash);
        }
        return hash;
    }

    /**
     * PATH(leafIndex, D[treeSize]) of RFC 6962 section 2.1.1: the sibling hashes from the leaf up to the root, in the
     * order RFC 9162 section 2.1.3.2 verifies them. Empty for a tree of one leaf.
     */
    public List<byte[]> inclusionPath(long leafIndex, long treeSize) {
        requireSize(treeSize, "treeSize");
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leafIndex " + leafIndex + " must be in [0, treeSize) with treeSize " + treeSize);
        }
        // Walk down from the root; at each split the sibling is the half that does not hold the leaf.
        List<byte[]> siblingsFromTheRoot = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        while (end - start > 1) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (leafIndex < split) {
                siblingsFromTheRoot.add(rangeHash(split, end));
                end = split;
            } else {
                siblingsFromTheRoot.add(rangeHash(start, split));
                start = split;
            }
        }
        Collections.reverse(siblingsFromTheRoot);
        return List.copyOf(siblingsFromTheRoot);
    }

    /**
     * PROOF(fromSize, D[toSize]) of RFC 6962 section 2.1.2, in the order RFC 9162 section 2.1.4.2 verifies it. The
     * RFC defines it for {@code 0 < fromSize < toSize}; for {@code fromSize == toSize} (SUBPROOF(n, D[n], true)) and
     * for {@code fromSize == 0} (the empty tree is a prefix of every tree) there is nothing to prove, so the proof is
     * empty, which is what {@link MerkleVerifier#verifyConsistency} expects in those cases.
     */
    public List<byte[]> consistencyPath(long fromSize, long toSize) {
        requireSize(fromSize, "fromSize");
        requireSize(toSize, "toSize");
        if (fromSize > toSize) {
            throw new IllegalArgumentException("fromSize " + fromSize + " must not exceed toSize " + toSize);
        }
        if (fromSize == 0 || fromSize == toSize) {
            return List.of();
        }
        // SUBPROOF(m, D[start:end], b) with m kept as the absolute boundary fromSize, which stays in (start, end].
        List<byte[]> hashesFromTheRoot = new ArrayList<>();
        boolean oldRootIsKnown = true;
        long start = 0;
        long end = toSize;
        while (end != fromSize) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (fromSize <= split) {
                hashesFromTheRoot.add(rangeHash(split, end));
                end = split;
            } else {
                hashesFromTheRoot.add(rangeHash(start, split));
                start = split;
                oldRootIsKnown = false;
            }
        }
        // SUBPROOF(m, D[m], b): the verifier already holds the old root only if the walk never went right.
        List<byte[]> path = new ArrayList<>();
        if (!oldRootIsKnown) {
            path.add(rangeHash(start, end));
        }
        Collections.reverse(hashesFromTheRoot);
        path.addAll(hashesFromTheRoot);
        return List.copyOf(path);
    }

    private byte[] perfectSubtree(long width, long offset) {
        int level = Long.numberOfTrailingZeros(width);
        long index = offset >>> level;
        byte[] hash = subtrees.hash(level, index);
        if (!MerkleHashes.isHash(hash)) {
            throw new IllegalStateException("perfect subtree at level " + level + ", index " + index
                    + " must be a " + MerkleHashes.HASH_SIZE_BYTES + "-byte hash, got "
                    + (hash == null ? "null" : hash.length + " bytes"));
        }
        // A copy, so a caller that changes a returned root cannot change what the store handed out.
        return hash.clone();
    }

    /** The k of RFC 6962: the largest power of two strictly smaller than {@code size}, for size >= 2. */
    private static long largestPowerOfTwoBelow(long size) {
        return Long.highestOneBit(size - 1);
    }

    private static void requireSize(long size, String name) {
        if (size < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + size);
        }
    }
}
