package com.payledger.query.audit.log;

import java.nio.charset.StandardCharsets;

/**
 * One row of the event store exactly as stored: what a leaf of the verifiable log commits to. Payload and metadata
 * are the stored bytes (UTF-8 JSON), never a re-serialisation, so that the hash survives code changes.
 *
 * @param globalIndex the row's position in the event table (assigned at insert; commit order may differ)
 * @param timestamp   the stored ISO-8601 text of the event's timestamp
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateIdentifier, long sequenceNumber,
                          String type, String payloadType, String payloadRevision, String timestamp,
                          byte[] payload, byte[] metadata) {

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public String metadataText() {
        return metadata == null ? null : new String(metadata, StandardCharsets.UTF_8);
    }
}
