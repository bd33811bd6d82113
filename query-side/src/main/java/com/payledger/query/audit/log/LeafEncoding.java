package com.payledger.query.audit.log;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The canonical bytes of a leaf: every field of a stored event, each as a 4-byte big-endian length followed by its
 * bytes (length -1 for an absent field), after a version tag. Unambiguous (no field can run into the next), and
 * simple enough for an auditor to re-implement from this description alone:
 *
 * <pre>
 * "payledger-leaf-v1", globalIndex (decimal), eventIdentifier, aggregateIdentifier, sequenceNumber (decimal),
 * type, payloadType, payloadRevision, timestamp, payload (stored bytes), metadata (stored bytes)
 * </pre>
 * Text fields are UTF-8.
 */
public final class LeafEncoding {

    public static final String VERSION = "payledger-leaf-v1";

    private LeafEncoding() {
    }

    public static byte[] encode(StoredEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + event.payload().length);
        field(out, text(VERSION));
        field(out, text(Long.toString(event.globalIndex())));
        field(out, text(event.eventIdentifier()));
        field(out, text(event.aggregateIdentifier()));
        field(out, text(Long.toString(event.sequenceNumber())));
        field(out, text(event.type()));
        field(out, text(event.payloadType()));
        field(out, text(event.payloadRevision()));
        field(out, text(event.timestamp()));
        field(out, event.payload());
        field(out, event.metadata());
        return out.toByteArray();
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }
}
