package com.payledger.query.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks inclusion and consistency proofs with the algorithms of RFC 9162 sections 2.1.3.2 and 2.1.4.2, step by step,
 * so that an auditor can compare this code with the RFC text.
 *
 * <p>A proof comes from a service the auditor does not trust, so anything wrong with it or with the claimed sizes
 * and hashes yields {@code false}, never an exception. Where the RFC addresses such a case ({@code leafIndex >=
 * treeSize}, a path that is too long or too short, an empty consistency path) it says "fail the proof verification";
 * this class gives the same answer for what the RFC's unsigned sizes cannot express or it leaves out: negative sizes,
 * {@code fromSize > toSize}, hashes that are not 32 bytes, and null elements inside a path. Only a null argument
 * throws ({@link NullPointerException}), because that is a bug in the caller, not a bad proof.
 */
public final class MerkleVerifier {

    private MerkleVerifier() {
    }

    /** RFC 9162 section 2.1.3.2: is {@code leafHash} the leaf at {@code leafIndex} of the tree with this root? */
    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
            byte[] root) {
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(root, "root");
        // Step 1, plus the sizes and lengths a well-formed proof cannot have.
        if (leafIndex < 0 || leafIndex >= treeSize || !allHashes(path)
                || !MerkleHashes.isHash(leafHash) || !MerkleHashes.isHash(root)) {
            return false;
        }
        long fn = leafIndex;                                                           // step 2
        long sn = treeSize - 1;
        byte[] r = leafHash;                                                           // step 3
        for (byte[] p : path) {                                                        // step 4
            if (sn == 0) {
                return false;                                                          // 4a: the path is too long
            }
            if (isOdd(fn) || fn == sn) {                                               // 4b
                r = MerkleHashes.nodeHash(p, r);
                // A right-edge node without a right sibling: skip the levels where it is promoted unchanged.
                while (!isOdd(fn) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            fn >>= 1;                                                                  // 4c
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);                              // step 5
    }

    /**
     * RFC 9162 section 2.1.4.2: is the tree of {@code toSize} with {@code toRoot} an append-only extension of the tree
     * of {@code fromSize} with {@code fromRoot}?
     *
     * <p>The RFC's algorithm covers {@code 0 < fromSize < toSize}. The two cases it leaves out have nothing to prove
     * and accept only an empty path: equal sizes need equal roots, and size 0 needs {@code fromRoot} to be MTH({}),
     * the root every log has before its first entry (any {@code toRoot} extends it).
     */
    public static boolean verifyConsistency(long fromSize, long toSize, byte[] fromRoot, byte[] toRoot,
            List<byte[]> path) {
        Objects.requireNonNull(fromRoot, "fromRoot");
        Objects.requireNonNull(toRoot, "toRoot");
        Objects.requireNonNull(path, "path");
        if (fromSize < 0 || fromSize > toSize || !allHashes(path)
                || !MerkleHashes.isHash(fromRoot) || !MerkleHashes.isHash(toRoot)) {
            return false;
        }
        if (fromSize == toSize) {
            return path.isEmpty() && MessageDigest.isEqual(fromRoot, toRoot);
        }
        if (fromSize == 0) {
            return path.isEmpty() && MessageDigest.isEqual(fromRoot, MerkleHashes.emptyRoot());
        }
        if (path.isEmpty()) {
            return false;                                                              // step 1
        }
        return verifyNonTrivialConsistency(fromSize, toSize, fromRoot, toRoot, path);
    }

    private static boolean verifyNonTrivialConsistency(long first, long second, byte[] firstHash, byte[] secondHash,
            List<byte[]> consistencyPath) {
        List<byte[]> path = new ArrayList<>(consistencyPath.size() + 1);
        if (isPowerOfTwo(first)) {
            path.add(firstHash);                                                       // step 2
        }
        path.addAll(consistencyPath);
        long fn = first - 1;                                                           // step 3
        long sn = second - 1;
        while (isOdd(fn)) {                                                            // step 4
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);                                                       // step 5
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {                                // step 6
            if (sn == 0) {
                return false;                                                          // 6a: the path is too long
            }
            if (isOdd(fn) || fn == sn) {                                               // 6b
                fr = MerkleHashes.nodeHash(c, fr);
                sr = MerkleHashes.nodeHash(c, sr);
                while (!isOdd(fn) && fn != 0) {                                        // 6b iii
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, c);
            }
            fn >>= 1;                                                                  // 6c
            sn >>= 1;
        }
        return MessageDigest.isEqual(fr, firstHash) && MessageDigest.isEqual(sr, secondHash) && sn == 0; // step 7
    }

    private static boolean allHashes(List<byte[]> path) {
        for (byte[] element : path) {
            if (!MerkleHashes.isHash(element)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isOdd(long value) {
        return (value & 1) == 1;
    }

    private static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }
}
