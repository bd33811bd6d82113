package com.payledger.infra.cli;

import static com.payledger.infra.cli.TestSigningKeys.generated;
import static com.payledger.infra.cli.TestSigningKeys.publicKey;
import static com.payledger.infra.cli.TestSigningKeys.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleProofs;
import com.payledger.query.audit.merkle.PerfectSubtrees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline verify-checkpoint, verify-inclusion and verify-consistency commands, on checkpoints signed here with a
 * generated key over a tree of 11 leaves: a proof is never accepted against a checkpoint whose signature does not
 * hold, with or without --public-key, and a malformed file ends in a FAILED line or a usage error, with the exit
 * codes the commands promise (0 verified, 1 failed, 2 misuse), never an exception.
 */
class ProofVerifierTest {

    private static final int LEAVES = 11;
    private static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:15:30.123456Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeyPair serviceKey = generated();
    private final KeyPair otherKey = generated();
    private final MerkleProofs proofs = new MerkleProofs(perfectSubtrees());

    @TempDir
    Path folder;

    // --- verify-inclusion ---

    @Test
    void givenAValidProofAndCheckpoint_whenVerifyingInclusionWithThePublicKey_thenOk() {
        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)), "--public-key", publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("OK: leaf 3 is in the checkpointed tree");
    }

    @Test
    void givenAValidProofAndCheckpoint_whenVerifyingInclusionWithoutAKey_thenOkWithAWarningNamingTheKeyId() {
        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("warning: no --public-key given")
                .contains(CheckpointFormat.keyId(serviceKey.getPublic()))
                .endsWith("OK: leaf 3 is in the checkpointed tree");
    }

    @Test
    void givenACheckpointWithAGarbageSignature_whenVerifyingInclusionWithoutAKey_thenFailed() {
        Map<String, Object> forged = signed(LEAVES, serviceKey);
        forged.put("signature", Base64.getEncoder().encodeToString(new byte[64]));

        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint", checkpoint(forged));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).endsWith("FAILED: the checkpoint's signature is not valid");
    }

    @Test
    void givenACheckpointWithAGarbageSignature_whenVerifyingInclusionWithThePublicKey_thenFailed() {
        Map<String, Object> forged = signed(LEAVES, serviceKey);
        forged.put("signature", "bm90IGEgc2lnbmF0dXJl");

        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint", checkpoint(forged),
                "--public-key", publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the checkpoint's signature is not valid");
    }

    @Test
    void givenACheckpointSignedByAnotherKey_whenVerifyingInclusionWithTheServicesKey_thenFailed() {
        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint",
                checkpoint(signed(LEAVES, otherKey)), "--public-key", publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the checkpoint's signature is not valid");
    }

    @Test
    void givenAProofForAnotherLeaf_whenVerifyingInclusion_thenFailed() {
        Map<String, Object> proof = inclusionProofFields(3, LEAVES);
        proof.put("leafHash", MerkleHashes.hex(leafHash(4)));

        Run run = run("verify-inclusion", "--proof", file("proof", proof), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)), "--public-key", publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the proof does not show the leaf in the checkpointed tree");
    }

    @Test
    void givenAProofAgainstAnotherTreeSize_whenVerifyingInclusion_thenFailed() {
        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES - 1), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)), "--public-key", publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isOne();
    }

    @Test
    void givenACheckpointNamingNoKey_whenVerifyingInclusionWithoutAKey_thenMisuseAskingForTheKey() {
        Map<String, Object> checkpoint = signed(LEAVES, serviceKey);
        checkpoint.remove("publicKey");

        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint", checkpoint(checkpoint));

        assertThat(run.exit()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).startsWith("error: the checkpoint names no public key").contains("--public-key")
                .doesNotContain("OK");
    }

    @Test
    void givenACheckpointNamingAMalformedKey_whenVerifyingInclusionWithoutAKey_thenFailed() {
        Map<String, Object> checkpoint = signed(LEAVES, serviceKey);
        checkpoint.put("publicKey", "not base64!");

        Run run = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint", checkpoint(checkpoint));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the public key the checkpoint names is not a base64 X.509 Ed25519 "
                + "key");
    }

    @Test
    void givenACheckpointOrProofMissingAField_whenVerifyingInclusion_thenFailedNamingTheField() {
        Map<String, Object> noRoot = signed(LEAVES, serviceKey);
        noRoot.remove("rootHash");
        Map<String, Object> noIndex = inclusionProofFields(3, LEAVES);
        noIndex.remove("leafIndex");
        Map<String, Object> pathNotArray = inclusionProofFields(3, LEAVES);
        pathNotArray.put("path", "ab");

        assertFailed(run("verify-inclusion", "--proof", inclusionProof(3, LEAVES), "--checkpoint", checkpoint(noRoot)),
                "FAILED: the checkpoint has no text rootHash");
        assertFailed(run("verify-inclusion", "--proof", file("proof", noIndex), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey))), "FAILED: the inclusion proof has no whole number leafIndex");
        assertFailed(run("verify-inclusion", "--proof", file("proof", pathNotArray), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey))), "FAILED: the inclusion proof has no array path");
    }

    @Test
    void givenFilesThatAreNotJsonOrMissing_whenVerifyingInclusion_thenFailedOrMisuse() throws IOException {
        Path notJson = Files.writeString(folder.resolve("not.json"), "{\"treeSize\": 11,");

        Run broken = run("verify-inclusion", "--proof", notJson.toString(), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)));
        Run missing = run("verify-inclusion", "--proof", folder.resolve("absent.json").toString(), "--checkpoint",
                checkpoint(signed(LEAVES, serviceKey)));
        Run noCheckpoint = run("verify-inclusion", "--proof", inclusionProof(3, LEAVES));

        assertThat(broken.exit()).as(broken.output()).isOne();
        assertThat(broken.output()).startsWith("FAILED: the inclusion proof (" + notJson + ") is not strict JSON");
        assertThat(missing.exit()).as(missing.output()).isEqualTo(2);
        assertThat(missing.output()).startsWith("error: cannot read the inclusion proof");
        assertThat(noCheckpoint.exit()).as(noCheckpoint.output()).isEqualTo(2);
        assertThat(noCheckpoint.output()).startsWith("error: --checkpoint is required");
    }

    // --- verify-consistency ---

    @Test
    void givenAValidConsistencyProof_whenVerifyingWithAndWithoutAKey_thenOk() {
        String proof = consistencyProof(5, LEAVES);
        String older = checkpoint(signed(5, serviceKey));
        String newer = checkpoint(signed(LEAVES, serviceKey));

        Run withKey = run("verify-consistency", "--proof", proof, "--old", older, "--new", newer, "--public-key",
                publicKey(serviceKey));
        Run withoutKey = run("verify-consistency", "--proof", proof, "--old", older, "--new", newer);

        assertThat(withKey.exit()).as(withKey.output()).isZero();
        assertThat(withKey.output()).isEqualTo("OK: the log of size 11 only appended to the log of size 5");
        assertThat(withoutKey.exit()).as(withoutKey.output()).isZero();
        assertThat(withoutKey.output()).contains("warning: no --public-key given")
                .endsWith("OK: the log of size 11 only appended to the log of size 5");
    }

    /**
     * Across a rotation of the service's signing key the older checkpoint is the old key's, the newer the new key's:
     * with one key, either failed a checkpoint and the proof was reported FAILED, a false alarm of tampering.
     */
    @Test
    void givenCheckpointsOfTwoKeys_whenVerifyingConsistencyTrustingBoth_thenOkAndWithOneFailed() {
        Run both = acrossARotation(publicKey(otherKey) + ", " + publicKey(serviceKey));

        assertThat(both.exit()).as(both.output()).isZero();
        assertThat(both.output()).isEqualTo("OK: the log of size 11 only appended to the log of size 5");
        assertFailed(acrossARotation(publicKey(serviceKey)), "FAILED: a checkpoint's signature is not valid");
        assertThat(acrossARotation(publicKey(serviceKey) + ",").exit()).as("an empty key in the list is misuse")
                .isEqualTo(2);
    }

    /** verify-consistency from a checkpoint of the old key (otherKey) to one of the new (serviceKey). */
    private Run acrossARotation(String publicKeys) {
        return run("verify-consistency", "--proof", consistencyProof(5, LEAVES), "--old",
                checkpoint(signed(5, otherKey)), "--new", checkpoint(signed(LEAVES, serviceKey)), "--public-key",
                publicKeys);
    }

    @Test
    void givenANewerCheckpointWithABadSignature_whenVerifyingConsistencyWithAndWithoutAKey_thenFailed() {
        Map<String, Object> forged = signed(LEAVES, serviceKey);
        forged.put("timestamp", SIGNED_AT.plusSeconds(1).toString());
        String proof = consistencyProof(5, LEAVES);
        String older = checkpoint(signed(5, serviceKey));

        Run withKey = run("verify-consistency", "--proof", proof, "--old", older, "--new", checkpoint(forged),
                "--public-key", publicKey(serviceKey));
        Run withoutKey = run("verify-consistency", "--proof", proof, "--old", older, "--new", checkpoint(forged));

        assertThat(withKey.exit()).as(withKey.output()).isOne();
        assertThat(withKey.output()).isEqualTo("FAILED: a checkpoint's signature is not valid");
        assertThat(withoutKey.exit()).as(withoutKey.output()).isOne();
        assertThat(withoutKey.output()).endsWith("FAILED: a checkpoint's signature is not valid");
    }

    @Test
    void givenAProofBetweenOtherSizes_whenVerifyingConsistency_thenFailed() {
        Run run = run("verify-consistency", "--proof", consistencyProof(4, LEAVES), "--old",
                checkpoint(signed(5, serviceKey)), "--new", checkpoint(signed(LEAVES, serviceKey)), "--public-key",
                publicKey(serviceKey));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the newer checkpoint does not extend the older one");
    }

    @Test
    void givenAConsistencyProofMissingItsPath_whenVerifying_thenFailedNamingTheField() {
        Map<String, Object> proof = new LinkedHashMap<>(Map.of("from", 5, "to", LEAVES));

        assertFailed(run("verify-consistency", "--proof", file("consistency", proof), "--old",
                checkpoint(signed(5, serviceKey)), "--new", checkpoint(signed(LEAVES, serviceKey)), "--public-key",
                publicKey(serviceKey)), "FAILED: the consistency proof has no array path");
    }

    // --- verify-checkpoint ---

    @Test
    void givenACheckpoint_whenVerifiedWithItsKeyAndAnother_thenOkThenFailed() {
        String checkpoint = checkpoint(signed(LEAVES, serviceKey));

        Run own = run("verify-checkpoint", "--checkpoint", checkpoint, "--public-key", publicKey(serviceKey));
        Run other = run("verify-checkpoint", "--checkpoint", checkpoint, "--public-key", publicKey(otherKey));
        Run none = run("verify-checkpoint", "--checkpoint", checkpoint);

        assertThat(own.exit()).as(own.output()).isZero();
        assertThat(own.output()).isEqualTo("OK: the checkpoint of size 11 is signed by the key");
        assertThat(other.exit()).as(other.output()).isOne();
        assertThat(none.exit()).as(none.output()).isEqualTo(2);
    }

    @Test
    void givenACheckpointWithABadTimestamp_whenVerified_thenFailedNamingTheField() {
        Map<String, Object> checkpoint = signed(LEAVES, serviceKey);
        checkpoint.put("timestamp", "yesterday");

        assertFailed(run("verify-checkpoint", "--checkpoint", checkpoint(checkpoint), "--public-key",
                publicKey(serviceKey)), "FAILED: the checkpoint's timestamp is not an ISO-8601 instant");
    }

    // --- helpers ---

    private record Run(int exit, String output) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit = Commands.run(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Run(exit, output.toString(StandardCharsets.UTF_8).trim());
    }

    /** Failed with {@code line} last: a warning about the key may come first. */
    private static void assertFailed(Run run, String line) {
        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output().lines().toList()).last().isEqualTo(line);
    }

    /** A checkpoint as the export carries it: what the service signs, plus the key id and public key. */
    private Map<String, Object> signed(long treeSize, KeyPair key) {
        String root = MerkleHashes.hex(proofs.root(treeSize));
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("treeSize", treeSize);
        checkpoint.put("rootHash", root);
        checkpoint.put("timestamp", SIGNED_AT.toString());
        checkpoint.put("signature", sign(key, CheckpointFormat.signedBytes(treeSize, root, SIGNED_AT)));
        checkpoint.put("keyId", CheckpointFormat.keyId(key.getPublic()));
        checkpoint.put("publicKey", publicKey(key));
        return checkpoint;
    }

    private String checkpoint(Map<String, Object> fields) {
        return file("checkpoint", fields);
    }

    private Map<String, Object> inclusionProofFields(long leafIndex, long treeSize) {
        Map<String, Object> proof = new LinkedHashMap<>();
        proof.put("leafIndex", leafIndex);
        proof.put("treeSize", treeSize);
        proof.put("leafHash", MerkleHashes.hex(leafHash(leafIndex)));
        proof.put("path", hex(proofs.inclusionPath(leafIndex, treeSize)));
        return proof;
    }

    private String inclusionProof(long leafIndex, long treeSize) {
        return file("inclusion", inclusionProofFields(leafIndex, treeSize));
    }

    private String consistencyProof(long from, long to) {
        return file("consistency", new LinkedHashMap<>(Map.of("from", from, "to", to, "path",
                hex(proofs.consistencyPath(from, to)))));
    }

    private String file(String name, Map<String, Object> fields) {
        try {
            return Files.writeString(Files.createTempFile(folder, name, ".json"), JSON.writeValueAsString(fields))
                    .toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleHashes::hex).toList();
    }

    private static byte[] leafHash(long index) {
        return MerkleHashes.leafHash(("event " + index).getBytes(StandardCharsets.UTF_8));
    }

    /** Every perfect subtree of the test's tree, as the service stores them. */
    private static PerfectSubtrees perfectSubtrees() {
        Map<String, byte[]> stored = new HashMap<>();
        CompactRange tree = CompactRange.empty();
        for (long i = 0; i < LEAVES; i++) {
            tree.append(leafHash(i)).forEach(node -> stored.put(node.level() + "/" + node.index(), node.hash()));
        }
        return (level, index) -> stored.get(level + "/" + index);
    }
}
