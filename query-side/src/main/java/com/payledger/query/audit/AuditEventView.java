package com.payledger.query.audit;

import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.MerkleHashes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event of the trail. {@code position} is its place in the verifiable log (null for an event so new that the
 * log has not taken it in yet); {@code timestamp} is the stored text; {@code payload} and {@code metadata} are the
 * stored JSON (metadata names the principal, correlation, causation and request ids).
 */
public record AuditEventView(Long position, long globalIndex, String eventId, String type, String payloadRevision,
                             String aggregateId, long sequenceNumber, String timestamp, JsonNode payload,
                             JsonNode metadata, String leafHash) {

    static AuditEventView of(LoggedEvent logged, JsonMapper json) {
        StoredEvent event = logged.event();
        return new AuditEventView(logged.position(), event.globalIndex(), event.eventIdentifier(),
                event.payloadType(), event.payloadRevision(), event.aggregateIdentifier(), event.sequenceNumber(),
                event.timestamp(), json.readTree(event.payload()),
                event.metadata() == null ? null : json.readTree(event.metadata()),
                logged.leafHash() == null ? null : MerkleHashes.hex(logged.leafHash()));
    }
}
