package com.payledger.infra.cli;

import com.payledger.query.audit.merkle.MerkleVerifier;
import java.io.PrintStream;
import java.security.PublicKey;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies, offline, a checkpoint's signature, an inclusion proof against a checkpoint, or a consistency proof
 * between two checkpoints, from the JSON the service's audit endpoints return. A proof is only as good as the
 * checkpoint it is checked against, so every checkpoint's signature is checked: with {@code --public-key} when
 * given, else with the key the checkpoint names (see {@link CheckpointJson#keysToCheckWith}).
 */
final class ProofVerifier {

    private final PrintStream out;
    private final JsonMapper json = JsonInput.strictMapper();

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
        List<PublicKey> keys = CheckpointJson.trustedKeys(options);
        CheckpointJson checkpoint = checkpoint(options.required("--checkpoint"), "the checkpoint");
        return result(checkpoint.signedByOneOf(keys), "the checkpoint of size " + checkpoint.treeSize()
                + " is signed by the key", "the signature does not match the checkpoint and key");
    }

    private int inclusion(Options options) {
        String what = "the inclusion proof";
        JsonNode proof = JsonInput.readFile(json, options.required("--proof"), what);
        CheckpointJson checkpoint = checkpoint(options.required("--checkpoint"), "the checkpoint");
        if (!checkpoint.signedByOneOf(checkpoint.keysToCheckWith(options, out))) {
            return result(false, "", "the checkpoint's signature is not valid");
        }
        long leafIndex = JsonInput.number(proof, what, "leafIndex");
        long treeSize = JsonInput.number(proof, what, "treeSize");
        boolean included = treeSize == checkpoint.treeSize() && MerkleVerifier.verifyInclusion(leafIndex, treeSize,
                JsonInput.hash(proof, what, "leafHash"), JsonInput.hashes(proof, what, "path"), checkpoint.root());
        return result(included, "leaf " + leafIndex + " is in the checkpointed tree",
                "the proof does not show the leaf in the checkpointed tree");
    }

    private int consistency(Options options) {
        String what = "the consistency proof";
        JsonNode proof = JsonInput.readFile(json, options.required("--proof"), what);
        CheckpointJson older = checkpoint(options.required("--old"), "the old checkpoint");
        CheckpointJson newer = checkpoint(options.required("--new"), "the new checkpoint");
        boolean bothSigned = older.signedByOneOf(older.keysToCheckWith(options, out))
                && newer.signedByOneOf(newer.keysToCheckWith(options, out));
        if (!bothSigned) {
            return result(false, "", "a checkpoint's signature is not valid");
        }
        boolean consistent = JsonInput.number(proof, what, "from") == older.treeSize()
                && JsonInput.number(proof, what, "to") == newer.treeSize()
                && MerkleVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.root(), newer.root(),
                JsonInput.hashes(proof, what, "path"));
        return result(consistent, "the log of size " + newer.treeSize() + " only appended to the log of size "
                + older.treeSize(), "the newer checkpoint does not extend the older one");
    }

    private CheckpointJson checkpoint(String file, String what) {
        return CheckpointJson.of(JsonInput.readFile(json, file, what), what);
    }

    private int result(boolean ok, String success, String failure) {
        out.println(ok ? "OK: " + success : "FAILED: " + failure);
        return ok ? 0 : 1;
    }
}
