package com.payledger.query.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * MTH, PATH and PROOF transcribed from the recursive definitions of RFC 6962 sections 2.1, 2.1.1 and 2.1.2, over the
 * leaf hashes themselves. It is slow (O(n) per call) and shares no code with the library, so that agreeing with it
 * means something. Node hashes are computed here too, with the JDK's SHA-256 directly.
 */
final class NaiveMerkleTree {

    private NaiveMerkleTree() {
    }

    static byte[] mth(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = k(n);
        return node(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
    }

    /** PATH(m, D[n]) for 0 <= m < n. */
    static List<byte[]> path(int m, List<byte[]> leafHashes) {
        int n = leafHashes.size();
        List<byte[]> path = new ArrayList<>();
        if (n == 1) {
            return path;
        }
        int k = k(n);
        if (m < k) {
            path.addAll(path(m, leafHashes.subList(0, k)));
            path.add(mth(leafHashes.subList(k, n)));
        } else {
            path.addAll(path(m - k, leafHashes.subList(k, n)));
            path.add(mth(leafHashes.subList(0, k)));
        }
        return path;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) for 0 < m <= n. */
    static List<byte[]> proof(int m, List<byte[]> leafHashes) {
        return subproof(m, leafHashes, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leafHashes, boolean b) {
        int n = leafHashes.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(mth(leafHashes));
            }
            return proof;
        }
        int k = k(n);
        if (m <= k) {
            proof.addAll(subproof(m, leafHashes.subList(0, k), b));
            proof.add(mth(leafHashes.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, leafHashes.subList(k, n), false));
            proof.add(mth(leafHashes.subList(0, k)));
        }
        return proof;
    }

    /** The largest power of two smaller than n, for n > 1. */
    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] node(byte[] left, byte[] right) {
        byte[] input = new byte[1 + left.length + right.length];
        input[0] = 0x01;
        System.arraycopy(left, 0, input, 1, left.length);
        System.arraycopy(right, 0, input, 1 + left.length, right.length);
        return sha256(input);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
