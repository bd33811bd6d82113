package com.payledger.query.audit.merkle;

/**
 * A consistent store for a tree of any size, up to {@code Long.MAX_VALUE} leaves, in which every leaf is the same:
 * a subtree's hash then depends on its level only, so the largest sizes can be tested without storing anything.
 */
final class UniformSubtrees implements PerfectSubtrees {

    private final byte[][] hashByLevel = new byte[Long.SIZE - 1][];

    UniformSubtrees() {
        hashByLevel[0] = MerkleHashes.leafHash(new byte[] {42});
        for (int level = 1; level < hashByLevel.length; level++) {
            hashByLevel[level] = MerkleHashes.nodeHash(hashByLevel[level - 1], hashByLevel[level - 1]);
        }
    }

    @Override
    public byte[] hash(int level, long index) {
        if (index < 0 || index > (Long.MAX_VALUE >>> level) - 1) {
            throw new IllegalStateException("no subtree at level " + level + ", index " + index);
        }
        return hashByLevel[level].clone();
    }
}
