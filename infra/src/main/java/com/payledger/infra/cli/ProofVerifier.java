package com.payledger.infra.cli;

import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleVerifier;
import java.io.PrintStream;
import java.security.PublicKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies, offline, a checkpoint's signature, an inclusion proof against a checkpoint, or a consistency proof
 * between two checkpoints, from the JSON the service's audit endpoints return.
 */
final class ProofVerifier {

    private final PrintStream out;
    private final JsonMapper json = JsonMapper.builder().build();

    ProofVerifier(PrintStream out) {
        this.out = out;
    }

    int run(String command, Options options) {
        return switch (command) {
            case "verify-checkpoint" -> checkpoint(options);
            case "verify-inclusion" -> inclusion(options);
            default -> consistency(options);
        };
    }

    private int checkpoint(Options options) {
        JsonNode checkpoint = read(options.required("--checkpoint"));
        PublicKey key = CheckpointFormat.publicKey(options.required("--public-key"));
        return result(signatureValid(checkpoint, key), "the checkpoint of size " + checkpoint.get("treeSize")
                + " is signed by the key", "the signature does not match the checkpoint and key");
    }

    private int inclusion(Options options) {
        JsonNode proof = read(options.required("--proof"));
        JsonNode checkpoint = read(options.required("--checkpoint"));
        if (!signed(options, checkpoint)) {
            return result(false, "", "the checkpoint's signature is not valid");
        }
        boolean included = proof.get("treeSize").asLong() == checkpoint.get("treeSize").asLong()
                && MerkleVerifier.verifyInclusion(proof.get("leafIndex").asLong(), proof.get("treeSize").asLong(),
                MerkleHashes.fromHex(proof.get("leafHash").asString()), ExportVerifier.path(proof),
                MerkleHashes.fromHex(checkpoint.get("rootHash").asString()));
        return result(included, "leaf " + proof.get("leafIndex") + " is in the checkpointed tree",
                "the proof does not show the leaf in the checkpointed tree");
    }

    private int consistency(Options options) {
        JsonNode proof = read(options.required("--proof"));
        JsonNode older = read(options.required("--old"));
        JsonNode newer = read(options.required("--new"));
        if (!signed(options, older) || !signed(options, newer)) {
            return result(false, "", "a checkpoint's signature is not valid");
        }
        boolean consistent = proof.get("from").asLong() == older.get("treeSize").asLong()
                && proof.get("to").asLong() == newer.get("treeSize").asLong()
                && MerkleVerifier.verifyConsistency(older.get("treeSize").asLong(), newer.get("treeSize").asLong(),
                MerkleHashes.fromHex(older.get("rootHash").asString()),
                MerkleHashes.fromHex(newer.get("rootHash").asString()), ExportVerifier.path(proof));
        return result(consistent, "the log of size " + newer.get("treeSize") + " only appended to the log of size "
                + older.get("treeSize"), "the newer checkpoint does not extend the older one");
    }

    private boolean signed(Options options, JsonNode checkpoint) {
        return !options.get("--public-key").isPresent()
                || signatureValid(checkpoint, CheckpointFormat.publicKey(options.required("--public-key")));
    }

    static boolean signatureValid(JsonNode checkpoint, PublicKey key) {
        return ExportVerifier.verify(checkpoint, key);
    }

    /** The key the auditor trusts; without one, the key the export names, with a warning that this proves less. */
    static PublicKey trustedKey(Options options, JsonNode checkpoint, PrintStream out) {
        if (options.get("--public-key").isPresent()) {
            return CheckpointFormat.publicKey(options.required("--public-key"));
        }
        out.println("warning: no --public-key given; checking the signature with the key the export names");
        return CheckpointFormat.publicKey(checkpoint.get("publicKey").asString());
    }

    private JsonNode read(String file) {
        return json.readTree(Options.read(file));
    }

    private int result(boolean ok, String success, String failure) {
        out.println(ok ? "OK: " + success : "FAILED: " + failure);
        return ok ? 0 : 1;
    }
}
