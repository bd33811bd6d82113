package com.payledger.infra.cli;

import com.payledger.query.audit.checkpoint.CheckpointFormat;
import java.io.PrintStream;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A signed checkpoint as the verifiers read it: an answer of {@code /api/v1/audit/checkpoints} saved to a file, or an
 * export's first line. {@code rootHash} stays the text that was signed; {@code publicKey} (base64 X.509) is null when
 * the JSON names no key, as the service's checkpoint answers do not: only the export carries one.
 */
record CheckpointJson(String what, long treeSize, String rootHash, byte[] root, Instant timestamp, String signature,
                      String publicKey) {

    /** Every field a signature check needs, checked for presence and type; {@code what} names it in messages. */
    static CheckpointJson of(JsonNode node, String what) {
        JsonNode publicKey = node.get("publicKey");
        if (publicKey != null && !publicKey.isString()) {
            throw new JsonInput.Malformed(what + "'s publicKey is not text");
        }
        return new CheckpointJson(what, JsonInput.number(node, what, "treeSize"),
                JsonInput.text(node, what, "rootHash"), JsonInput.hash(node, what, "rootHash"), timestamp(node, what),
                JsonInput.text(node, what, "signature"), publicKey == null ? null : publicKey.stringValue());
    }

    /** Whether one of {@code keys} signed it. */
    boolean signedByOneOf(List<PublicKey> keys) {
        return keys.stream().anyMatch(key -> CheckpointFormat.verify(treeSize, rootHash, timestamp, signature, key));
    }

    /**
     * The keys to check the signature with: those the auditor gives, which is what proves who signed; without them,
     * the key the checkpoint itself names, with a warning that this only shows the checkpoint was not changed since
     * it was signed by that key, whoever holds it. A checkpoint that names no key then cannot be checked at all.
     */
    List<PublicKey> keysToCheckWith(Options options, PrintStream out) {
        if (options.get("--public-key").isPresent()) {
            return trustedKeys(options);
        }
        if (publicKey == null) {
            throw new IllegalArgumentException(what + " names no public key (the service's checkpoint answers do "
                    + "not): give the key you trust with --public-key");
        }
        PublicKey named;
        try {
            named = CheckpointFormat.publicKey(publicKey);
        } catch (IllegalArgumentException unreadable) {
            throw new JsonInput.Malformed("the public key " + what + " names is not a base64 X.509 Ed25519 key");
        }
        out.println("warning: no --public-key given; checking the signature of " + what + " with the key it names ("
                + CheckpointFormat.keyId(named) + "), which proves nothing about who signed it");
        return List.of(named);
    }

    /**
     * {@code --public-key}: one key, or several separated by commas. After the service's signing key was rotated, a
     * consistency proof runs from a checkpoint of the old key to one of the new: with one key, either one failed
     * the other's checkpoint and the proof was reported FAILED, a false alarm of tampering.
     */
    static List<PublicKey> trustedKeys(Options options) {
        return Arrays.stream(options.required("--public-key").split(",", -1)).map(String::strip)
                .map(CheckpointFormat::publicKey).toList();
    }

    private static Instant timestamp(JsonNode node, String what) {
        try {
            return Instant.parse(JsonInput.text(node, what, "timestamp"));
        } catch (DateTimeParseException notAnInstant) {
            throw new JsonInput.Malformed(what + "'s timestamp is not an ISO-8601 instant");
        }
    }
}
