package com.payledger.query.audit.checkpoint;

import java.time.Instant;

/**
 * A signed tree head: the verifiable log had {@code treeSize} leaves with root {@code rootHash} (lowercase hex) at
 * {@code timestamp}. {@code signature} is base64 Ed25519 over {@link CheckpointFormat#signedBytes}, by the key
 * {@code keyId} whose X.509 encoding is {@code publicKey} (base64).
 */
public record Checkpoint(long treeSize, String rootHash, Instant timestamp, String signature, String keyId,
                         String publicKey) {
}
