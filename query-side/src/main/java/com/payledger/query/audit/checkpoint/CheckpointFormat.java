package com.payledger.query.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What a checkpoint signature covers, so that anyone can verify it with the published Ed25519 public key and the
 * JDK alone: the UTF-8 bytes of
 * <pre>
 * payledger-checkpoint-v1\n{treeSize}\n{rootHash as lowercase hex}\n{timestamp as ISO-8601}\n
 * </pre>
 */
public final class CheckpointFormat {

    public static final String VERSION = "payledger-checkpoint-v1";
    public static final String ALGORITHM = "Ed25519";

    private CheckpointFormat() {
    }

    public static byte[] signedBytes(long treeSize, String rootHashHex, Instant timestamp) {
        return (VERSION + "\n" + treeSize + "\n" + rootHashHex + "\n" + timestamp + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code signatureBase64} is a valid Ed25519 signature of the checkpoint by {@code publicKey}. */
    public static boolean verify(long treeSize, String rootHashHex, Instant timestamp, String signatureBase64,
                                 PublicKey publicKey) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(signedBytes(treeSize, rootHashHex, timestamp));
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException invalid) {
            return false;
        }
    }

    /** Reads a public key published as base64 of its X.509 (SubjectPublicKeyInfo) encoding. */
    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
        } catch (GeneralSecurityException | IllegalArgumentException invalid) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key", invalid);
        }
    }

    /** The id of a public key: the first 16 hex digits of SHA-256 over its X.509 encoding. */
    public static String keyId(PublicKey publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
