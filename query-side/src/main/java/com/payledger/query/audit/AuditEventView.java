package com.payledger.query.audit;

import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.MerkleHashes;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One event of the trail. {@code position} is its place in the verifiable log (null for an event so new that the
 * log has not taken it in yet); {@code timestamp} is the stored text; {@code payload} and {@code metadata} are the
 * stored JSON to read (metadata names the principal, correlation, causation and request ids).
 *
 * <p>{@code storedPayload} and {@code storedMetadata} are the same JSON as the exact stored text, and
 * {@code aggregateType} the stream's type: with them and the other fields an auditor recomputes {@code leafHash}
 * ({@link LeafEncoding}). The parsed {@code payload} cannot serve for that: JSON read and written again need not be
 * the same bytes. {@code payload} or {@code metadata} is null when its stored text is not a JSON object: an event
 * altered in the store is still shown, as stored, for the auditor to see (the trail had answered 500 from it on).
 */
// implementation = Object.class for payload and metadata: springdoc would otherwise describe Jackson's JsonNode
// class itself (nodeType, isArray, ...), which is not what the JSON holds.
public record AuditEventView(@Nullable Long position, long globalIndex, String eventId, String type,
                             @Schema(description = "the revision of the payload's format when it was stored, null "
                                     + "for a type stored without one; payload is shown as stored, never upcast")
                             @Nullable String payloadRevision,
                             String aggregateId, @Nullable String aggregateType, long sequenceNumber,
                             String timestamp,
                             @Schema(types = {"object", "null"}, implementation = Object.class,
                                     description = "the event's fields: storedPayload parsed; null when the "
                                             + "stored text is not a JSON object")
                             @Nullable JsonNode payload,
                             @Schema(types = {"object", "null"}, implementation = Object.class,
                                     description = "principal, correlation, causation and request ids: "
                                             + "storedMetadata parsed; null when the stored text is not a JSON "
                                             + "object")
                             @Nullable JsonNode metadata,
                             String storedPayload, @Nullable String storedMetadata, @Nullable String leafHash) {

    static AuditEventView of(LoggedEvent logged, JsonMapper json) {
        StoredEvent event = logged.event();
        return new AuditEventView(logged.position(), event.globalIndex(), event.eventIdentifier(),
                event.payloadType(), event.payloadRevision(), event.aggregateIdentifier(), event.type(),
                event.sequenceNumber(), event.timestamp(), parsed(event.payload(), json),
                parsed(event.metadata(), json), event.payloadText(),
                event.metadataText(), logged.leafHash() == null ? null : MerkleHashes.hex(logged.leafHash()));
    }

    /** The stored text as a JSON object; null for none, or for text that an alteration left no JSON object. */
    static JsonNode parsed(byte[] stored, JsonMapper json) {
        if (stored == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(stored);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException notJson) {
            return null;
        }
    }
}
