package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.checkpoint.CheckpointKey;
import com.payledger.query.audit.checkpoint.Checkpoints;
import com.payledger.query.audit.log.DurableReads;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.web.AsciiNumbers;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Base64;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Signed checkpoints, the public key, and inclusion and consistency proofs (RFC 9162) for auditors. */
@Tag(name = "Audit")
@RestController
@RequestMapping("/api/v1/audit")
class AuditProofController {

    record CheckpointView(
            @Schema(description = "how many leaves of the log it covers: positions 0 to treeSize - 1") long treeSize,
            @Schema(description = "RFC 9162 Merkle tree root of those leaves, lowercase hex") String rootHash,
            @Schema(description = "when it was signed, ISO-8601 UTC, exactly as signed") String timestamp,
            @Schema(description = "base64 Ed25519 signature of the message GET /api/v1/audit/public-key "
                    + "describes (signedMessageFormat)") String signature,
            @Schema(description = "the key that signed it: the first 16 hex digits of the SHA-256 of its X.509 "
                    + "encoding (GET /api/v1/audit/public-key names the current one)") String keyId) {
        static CheckpointView of(Checkpoint checkpoint) {
            return new CheckpointView(checkpoint.treeSize(), checkpoint.rootHash(),
                    checkpoint.timestamp().toString(), checkpoint.signature(), checkpoint.keyId());
        }
    }

    record Items<T>(List<T> items) {
    }

    record PublicKeyView(
            @Schema(description = "the signature scheme: Ed25519") String algorithm,
            @Schema(description = "the first 16 hex digits of the SHA-256 of the key's X.509 encoding") String keyId,
            @Schema(description = "base64 X.509 (SubjectPublicKeyInfo) encoding of the public key") String publicKey,
            @Schema(description = "the UTF-8 text a checkpoint's signature signs, with its fields in braces and \\n "
                    + "for a line feed") String signedMessageFormat) {
    }

    record InclusionProof(long leafIndex, long treeSize, String leafHash, List<String> path) {
    }

    record ConsistencyProof(long from, long to, List<String> path) {
    }

    private final Checkpoints checkpoints;
    private final CheckpointKey key;
    private final MerkleLogStore log;
    private final DurableReads durable;

    AuditProofController(Checkpoints checkpoints, CheckpointKey key, MerkleLogStore log, DurableReads durable) {
        this.checkpoints = checkpoints;
        this.key = key;
        this.log = log;
        this.durable = durable;
    }

    @Operation(operationId = "getLatestCheckpoint", summary = "The latest signed checkpoint")
    @GetMapping(path = "/checkpoints/latest", produces = MediaType.APPLICATION_JSON_VALUE)
    CheckpointView latest() {
        return CheckpointView.of(durable.flushed(latestCheckpoint()));
    }

    @Operation(operationId = "listCheckpoints",
            summary = "Signed checkpoints, newest first", description = "limit 1 to 500 (default 50).")
    @GetMapping(path = "/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    Items<CheckpointView> recent(@RequestParam(required = false) String limit) {
        return new Items<>(durable.flushed(checkpoints.recent(com.payledger.query.web.PageRequest.limit(limit)))
                .stream().map(CheckpointView::of).toList());
    }

    @Operation(operationId = "getCheckpointPublicKey",
            summary = "The key that signs checkpoints", description = "publicKey is base64 of the X.509 "
            + "SubjectPublicKeyInfo encoding. A signature covers the UTF-8 bytes of "
            + "\"payledger-checkpoint-v1\\n{treeSize}\\n{rootHash}\\n{timestamp}\\n\".")
    @GetMapping(path = "/public-key", produces = MediaType.APPLICATION_JSON_VALUE)
    PublicKeyView publicKey() {
        return new PublicKeyView(CheckpointFormat.ALGORITHM, key.keyId(),
                Base64.getEncoder().encodeToString(key.publicKey().getEncoded()),
                CheckpointFormat.VERSION + "\\n{treeSize}\\n{rootHash}\\n{timestamp}\\n");
    }

    @Operation(operationId = "getInclusionProof",
            summary = "Inclusion proof (RFC 9162) of the event at a log position", description = "treeSize "
            + "defaults to the latest checkpoint's; any size up to the log's current size can be asked for.")
    @GetMapping(path = "/proofs/inclusion", produces = MediaType.APPLICATION_JSON_VALUE)
    // Read as text so that a missing or malformed one gets the API's own code (INVALID_POSITION), yet required.
    InclusionProof inclusion(@Parameter(required = true, description = "the event's position in the log",
                                     schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                             @RequestParam(required = false) String position,
                             @Parameter(description = "the tree size to prove it in, at most the log's size",
                                     schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                             @RequestParam(required = false) String treeSize) {
        long size = treeSize == null ? latestCheckpoint().treeSize() : size(treeSize, "treeSize");
        long leafIndex = number(position, "position");
        if (leafIndex >= size) {
            throw QueryProblems.badParameter("INVALID_POSITION", "position", "position must be below treeSize");
        }
        List<String> path = checkpoints.proofs().inclusionPath(leafIndex, size).stream().map(MerkleHashes::hex)
                .toList();
        return durable.flushed(new InclusionProof(leafIndex, size, MerkleHashes.hex(log.subtree(0, leafIndex)),
                path));
    }

    @Operation(operationId = "getConsistencyProof",
            summary = "Consistency proof (RFC 9162) between two tree sizes", description = "Proves the log of "
            + "size to is an append-only extension of the log of size from.")
    @GetMapping(path = "/proofs/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
    ConsistencyProof consistency(@Parameter(required = true, description = "the earlier tree size",
                                         schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                                 @RequestParam(required = false) String from,
                                 @Parameter(required = true, description = "the later tree size, at most the "
                                         + "log's size", schema = @Schema(type = "integer", format = "int64",
                                         minimum = "0"))
                                 @RequestParam(required = false) String to) {
        long fromSize = size(from, "from");
        long toSize = size(to, "to");
        if (fromSize > toSize) {
            throw QueryProblems.badParameter("INVALID_TREE_SIZE", "from", "from must not be larger than to");
        }
        return durable.flushed(new ConsistencyProof(fromSize, toSize, checkpoints.proofs()
                .consistencyPath(fromSize, toSize).stream().map(MerkleHashes::hex).toList()));
    }

    private long size(String value, String parameter) {
        long size = number(value, parameter);
        long logSize = log.size();
        if (size > logSize) {
            // The refusal names the size; an accepted size is fenced with the proof's answer.
            throw durable.flushed(QueryProblems.badParameter("INVALID_TREE_SIZE", parameter,
                    parameter + " must not exceed the log's size, " + logSize));
        }
        return size;
    }

    /** Not fenced: each answer that shows it, or what it bounds, is fenced once, at the end. */
    private Checkpoint latestCheckpoint() {
        return checkpoints.latest()
                .orElseThrow(() -> QueryProblems.notFound("NO_CHECKPOINT", "no checkpoint has been signed yet"));
    }

    private static long number(String value, String parameter) {
        try {
            long number = AsciiNumbers.parseLong(value);
            if (number >= 0) {
                return number;
            }
        } catch (NumberFormatException malformed) {
            // answered below
        }
        throw QueryProblems.badParameter("INVALID_" + (parameter.equals("position") ? "POSITION" : "TREE_SIZE"),
                parameter, parameter + " must be a non-negative integer");
    }
}
