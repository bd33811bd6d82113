package com.payledger.query.audit;

import com.payledger.query.audit.checkpoint.Checkpoint;
import com.payledger.query.audit.checkpoint.Checkpoints;
import com.payledger.query.audit.log.DurableReads;
import com.payledger.query.audit.log.LoggedEvent;
import com.payledger.query.audit.log.MerkleLogStore;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleProofs;
import com.payledger.query.web.AsciiNumbers;
import com.payledger.query.web.QueryProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports a range of the log as NDJSON for offline verification: a first line with the latest checkpoint and the
 * signing key, then one line per event with exactly the stored fields its leaf commits to (see LeafEncoding), its
 * leaf hash and, unless the export covers the whole checkpointed tree, its inclusion proof against the checkpoint.
 */
@Tag(name = "Audit")
@RestController
class AuditExportController {

    static final int BATCH = 500;
    static final String NDJSON_VALUE = "application/x-ndjson";
    static final MediaType NDJSON = MediaType.parseMediaType(NDJSON_VALUE);

    private final MerkleLogStore log;
    private final Checkpoints checkpoints;
    private final JsonMapper json;
    private final DurableReads durable;

    AuditExportController(MerkleLogStore log, Checkpoints checkpoints, JsonMapper json, DurableReads durable) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.json = json;
        this.durable = durable;
    }

    @Operation(operationId = "exportAuditLog",
            summary = "Export log positions [from, to) with proofs, as NDJSON", description = "Defaults to the "
            + "whole tree of the latest checkpoint. Verify it offline with "
            + "'java -jar payledger.jar verify-export FILE --public-key KEY'.",
            responses = @ApiResponse(responseCode = "200", description = "One JSON object per line. First "
                    + "{\"kind\":\"checkpoint\",\"checkpoint\":{treeSize, rootHash, timestamp, signature, keyId, "
                    + "publicKey},\"from\",\"to\"}; then, in log order, one {\"kind\":\"event\",\"position\","
                    + "\"globalIndex\",\"eventIdentifier\",\"aggregateIdentifier\",\"sequenceNumber\",\"type\","
                    + "\"payloadType\",\"payloadRevision\",\"timestamp\",\"payload\",\"metadata\",\"leafHash\","
                    + "\"inclusionPath\"?} per event. An event line names its fields as the event store's columns "
                    + "do, which the leaf hash is computed over: type is the aggregate's type (aggregateType in "
                    + "GET /api/v1/audit/events), payloadType the event's, payload and metadata the stored text; "
                    + "inclusionPath is left out when the range is the checkpoint's whole tree.",
                    content = @Content(mediaType = NDJSON_VALUE, schema = @Schema(type = "string"))))
    @GetMapping(path = "/api/v1/audit/export", produces = NDJSON_VALUE)
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                                 @RequestParam(required = false) String to) {
        // On disk with the checkpoint: every leaf it covers, which is all the export shows.
        Checkpoint checkpoint = durable.flushed(checkpoints.latest())
                .orElseThrow(() -> QueryProblems.notFound("NO_CHECKPOINT", "no checkpoint has been signed yet"));
        long start = bound(from, 0, checkpoint.treeSize(), "from");
        long end = bound(to, checkpoint.treeSize(), checkpoint.treeSize(), "to");
        if (start > end) {
            throw QueryProblems.badParameter("INVALID_POSITION", "from", "from must not be after to");
        }
        boolean wholeTree = start == 0 && end == checkpoint.treeSize();
        MerkleProofs proofs = checkpoints.proofs();
        StreamingResponseBody body = out -> {
            line(out, Map.of("kind", "checkpoint", "checkpoint", checkpoint, "from", start, "to", end));
            for (long position = start; position < end; position += BATCH) {
                int size = (int) Math.min(BATCH, end - position);
                for (LoggedEvent logged : log.loggedEvents(position, size)) {
                    line(out, eventLine(logged, wholeTree ? null
                            : proofs.inclusionPath(logged.position(), checkpoint.treeSize())));
                }
            }
        };
        return ResponseEntity.ok().contentType(NDJSON)
                .header("Content-Disposition", "attachment; filename=payledger-log-" + start + "-" + end + ".ndjson")
                .body(body);
    }

    private static Map<String, Object> eventLine(LoggedEvent logged, List<byte[]> inclusionPath) {
        StoredEvent event = logged.event();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "event");
        line.put("position", logged.position());
        line.put("globalIndex", event.globalIndex());
        line.put("eventIdentifier", event.eventIdentifier());
        line.put("aggregateIdentifier", event.aggregateIdentifier());
        line.put("sequenceNumber", event.sequenceNumber());
        line.put("type", event.type());
        line.put("payloadType", event.payloadType());
        line.put("payloadRevision", event.payloadRevision());
        line.put("timestamp", event.timestamp());
        line.put("payload", event.payloadText());
        line.put("metadata", event.metadataText());
        line.put("leafHash", MerkleHashes.hex(logged.leafHash()));
        if (inclusionPath != null) {
            line.put("inclusionPath", inclusionPath.stream().map(MerkleHashes::hex).toList());
        }
        return line;
    }

    private void line(OutputStream out, Object value) throws java.io.IOException {
        out.write(json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static long bound(String value, long fallback, long max, String parameter) {
        if (value == null) {
            return fallback;
        }
        try {
            long bound = AsciiNumbers.parseLong(value);
            if (bound >= 0 && bound <= max) {
                return bound;
            }
        } catch (NumberFormatException malformed) {
            // answered below
        }
        throw QueryProblems.badParameter("INVALID_POSITION", parameter,
                parameter + " must be a position from 0 to the checkpoint's tree size, " + max);
    }
}
