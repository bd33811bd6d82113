package com.payledger.query.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The hash functions of RFC 9162 section 2.1 (the same as RFC 6962 section 2.1), with SHA-256. Leaves and interior
 * nodes get different one-byte prefixes, so a leaf can never be passed off as an interior node or the other way round.
 */
public final class MerkleHashes {

    /** Every hash in the tree is a SHA-256 digest. */
    public static final int HASH_SIZE_BYTES = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final HexFormat HEX = HexFormat.of();

    private MerkleHashes() {
    }

    /** SHA-256(0x00 || leafBytes): the hash of one entry of the log. */
    public static byte[] leafHash(byte[] leafBytes) {
        Objects.requireNonNull(leafBytes, "leafBytes");
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(leafBytes);
        return digest.digest();
    }

    /** SHA-256(0x01 || left || right): the hash of an interior node from the hashes of its two children. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** MTH({}) = SHA-256(""): the root of the tree with no leaves. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** Lowercase hex, the one spelling the service publishes, so that hex strings compare equal iff bytes do. */
    public static String hex(byte[] bytes) {
        return HEX.formatHex(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Parses hex of even length. Upper case is accepted too: an auditor may paste hashes from tools that print it,
     * and the bytes are the same either way.
     *
     * @throws IllegalArgumentException if the text is not hex or has an odd length
     */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(Objects.requireNonNull(hex, "hex"));
    }

    static boolean isHash(byte[] candidate) {
        return candidate != null && candidate.length == HASH_SIZE_BYTES;
    }

    static void requireHash(byte[] candidate, String name) {
        Objects.requireNonNull(candidate, name);
        if (candidate.length != HASH_SIZE_BYTES) {
            throw new IllegalArgumentException(
                    name + " must be a " + HASH_SIZE_BYTES + "-byte hash, got " + candidate.length + " bytes");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every Java platform must provide SHA-256", impossible);
        }
    }
}
