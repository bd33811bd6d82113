package com.payledger.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.payledger.query.audit.checkpoint.CheckpointFormat;
import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * verify-export reads each line strictly: a line that gives a field twice could show one payload to a reader that
 * keeps the first and have the other hashed by one that keeps the last, so it fails verification.
 */
class ExportVerifierTest {

    private static final Instant SIGNED_AT = Instant.parse("2026-12-01T10:15:30.123456Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HASHED_PAYLOAD = "{\"accountId\":\"alice\",\"amount\":{\"amountMinor\":30}}";
    private static final String SHOWN_PAYLOAD = "{\"accountId\":\"alice\",\"amount\":{\"amountMinor\":300}}";

    private final KeyPair key = TestSigningKeys.generated();

    @TempDir
    Path folder;

    @Test
    void givenAnExportOfThreeEvents_whenVerified_thenOk() throws IOException {
        Run run = verify(export(lines()));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("OK: 3 events verified against the checkpoint of size 3");
    }

    @Test
    void givenALineGivingItsPayloadTwice_whenVerified_thenFailedNamingTheLine() throws IOException {
        List<String> lines = lines();
        // The hashed payload comes last, where a plain reader takes it; a reader that keeps the first shows 300.
        lines.set(2, "{\"payload\":" + JSON.writeValueAsString(SHOWN_PAYLOAD) + "," + lines.get(2).substring(1));

        Run run = verify(export(lines));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).startsWith("FAILED: line 3 of the export is not strict JSON:").contains("payload");
    }

    @Test
    void givenACheckpointGivingItsRootTwice_whenVerified_thenFailed() throws IOException {
        List<String> lines = lines();
        lines.set(0, lines.get(0).replace("\"checkpoint\":{", "\"checkpoint\":{\"rootHash\":\"" + "00".repeat(32)
                + "\","));

        Run run = verify(export(lines));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).startsWith("FAILED: the export's first line is not strict JSON:");
    }

    @Test
    void givenALineWithTextAfterItsObject_whenVerified_thenFailed() throws IOException {
        List<String> lines = lines();
        lines.set(1, lines.get(1) + " {\"payload\":" + JSON.writeValueAsString(SHOWN_PAYLOAD) + "}");

        Run run = verify(export(lines));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).startsWith("FAILED: line 2 of the export is not strict JSON:");
    }

    @Test
    void givenALineWithoutItsPayload_whenVerified_thenFailedNamingTheField() throws IOException {
        List<String> lines = lines();
        lines.set(3, lines.get(3).replaceFirst("\"payload\":", "\"removed\":"));

        Run run = verify(export(lines));

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: line 4 of the export has no text payload");
    }

    @Test
    void givenTheRangeAskedFor_whenPinnedWithFromAndTo_thenOk() throws IOException {
        Run run = verify(export(lines()), "--from", "0", "--to", "3");

        assertThat(run.exit()).as(run.output()).isZero();
    }

    @Test
    void givenAnExportCoveringLessThanAskedFor_whenPinned_thenFailedNamingBothRanges() throws IOException {
        // A whole, valid export of the first three events, handed over for an audit of the first ten.
        Run run = verify(export(lines()), "--from", "0", "--to", "10");

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).isEqualTo("FAILED: the export covers positions 0 to 3, not the asked --to 10");
        assertThat(verify(export(lines()), "--from", "1").output()).startsWith("FAILED: the export covers");
    }

    @Test
    void givenAPinThatIsNoPosition_whenVerified_thenMisuse() throws IOException {
        for (String pin : List.of("-1", "+3", "x", "٣", "99999999999999999999")) {
            Run run = verify(export(lines()), "--to", pin);

            assertThat(run.exit()).as(pin + ": " + run.output()).isEqualTo(2);
            assertThat(run.output()).startsWith("error: --to must be a position");
        }
    }

    /** Exit code 2 says the auditor called the tool wrongly; a file that is no UTF-8 text is a bad export instead. */
    @Test
    void givenAnExportThatIsNotUtf8_whenVerified_thenFailedNotMisuse() throws IOException {
        Path export = export(lines());
        Files.write(export, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'}, StandardOpenOption.APPEND);

        Run run = verify(export);

        assertThat(run.exit()).as(run.output()).isOne();
        assertThat(run.output()).startsWith("FAILED: the export is not UTF-8 text");
    }

    private record Run(int exit, String output) {
    }

    private Run verify(Path export, String... pins) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("verify-export", export.toString(), "--public-key",
                TestSigningKeys.publicKey(key)));
        args.addAll(List.of(pins));
        int exit = Commands.run(args.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        return new Run(exit, output.toString(StandardCharsets.UTF_8).trim());
    }

    private Path export(List<String> lines) throws IOException {
        return Files.write(folder.resolve("export.ndjson"), lines, StandardCharsets.UTF_8);
    }

    /** A whole-tree export of three events, as the service writes it: a checkpoint line, then one line per event. */
    private List<String> lines() {
        List<Map<String, Object>> events = new ArrayList<>();
        CompactRange tree = CompactRange.empty();
        for (int position = 0; position < 3; position++) {
            StoredEvent event = new StoredEvent(10 + position, "event-" + position, "alice", position, "Account",
                    "com.payledger.events.account.AccountCredited", "1", "2026-12-01T10:0" + position + ":00Z",
                    HASHED_PAYLOAD.getBytes(StandardCharsets.UTF_8), null);
            byte[] leaf = MerkleHashes.leafHash(LeafEncoding.encode(event));
            tree.append(leaf);
            events.add(eventLine(position, event, leaf));
        }
        List<String> lines = new ArrayList<>();
        lines.add(JSON.writeValueAsString(Map.of("kind", "checkpoint", "checkpoint", checkpoint(3, tree.root()), "from",
                0, "to", 3)));
        events.forEach(line -> lines.add(JSON.writeValueAsString(line)));
        return lines;
    }

    private static Map<String, Object> eventLine(long position, StoredEvent event, byte[] leaf) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("kind", "event");
        line.put("position", position);
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
        line.put("leafHash", MerkleHashes.hex(leaf));
        return line;
    }

    private Map<String, Object> checkpoint(long treeSize, byte[] root) {
        String rootHash = MerkleHashes.hex(root);
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("treeSize", treeSize);
        checkpoint.put("rootHash", rootHash);
        checkpoint.put("timestamp", SIGNED_AT.toString());
        checkpoint.put("signature", TestSigningKeys.sign(key,
                CheckpointFormat.signedBytes(treeSize, rootHash, SIGNED_AT)));
        checkpoint.put("keyId", CheckpointFormat.keyId(key.getPublic()));
        checkpoint.put("publicKey", TestSigningKeys.publicKey(key));
        return checkpoint;
    }
}
