package com.payledger.infra.cli;

import com.payledger.query.audit.log.LeafEncoding;
import com.payledger.query.audit.log.StoredEvent;
import com.payledger.query.audit.merkle.CompactRange;
import com.payledger.query.audit.merkle.MerkleHashes;
import com.payledger.query.audit.merkle.MerkleVerifier;
import com.payledger.query.web.AsciiNumbers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies an NDJSON export offline: the checkpoint's signature, every event's leaf hash recomputed from the
 * exported fields, and the events' place in the checkpointed tree (the whole root when the export covers the whole
 * tree, each event's inclusion proof otherwise). Names the first position that fails. Lines are read strictly
 * ({@link JsonInput#strictMapper}): a line giving a field twice would show one payload to a reader that keeps the
 * first and have the other hashed here.
 *
 * <p>The range an export covers is read from its first line, which whoever hands the export over writes: an export of
 * fewer events than were asked for verifies as what it is. {@code --from} and {@code --to} pin the range the auditor
 * asked for, and anything else fails.
 */
final class ExportVerifier {

    private final PrintStream out;
    private final JsonMapper json = JsonInput.strictMapper();

    ExportVerifier(PrintStream out) {
        this.out = out;
    }

    int run(Options options) {
        if (options.positional().size() != 1) {
            throw new IllegalArgumentException("expected one export file");
        }
        try (BufferedReader lines = Files.newBufferedReader(Path.of(options.positional().get(0)),
                StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            JsonNode header = JsonInput.parse(json, first == null ? "" : first, "the export's first line");
            CheckpointJson checkpoint = CheckpointJson.of(JsonInput.object(header, "the export's first line",
                    "checkpoint"), "the export's checkpoint");
            if (!checkpoint.signedByOneOf(checkpoint.keysToCheckWith(options, out))) {
                return fail("the checkpoint's signature is not valid for the given public key");
            }
            long from = JsonInput.number(header, "the export's first line", "from");
            long to = JsonInput.number(header, "the export's first line", "to");
            String pinned = pinnedRangeMismatch(options, from, to);
            if (pinned != null) {
                return fail(pinned);
            }
            return verifyEvents(lines, from, to, checkpoint);
        } catch (CharacterCodingException notText) {
            // The file was read; what it holds is no export, which fails verification (1), not misuse (2).
            throw new JsonInput.Malformed("the export is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the export's range is not the one {@code --from} and {@code --to} ask for, or null when it is. */
    private static String pinnedRangeMismatch(Options options, long from, long to) {
        for (String option : new String[] {"--from", "--to"}) {
            long asked = options.get(option).map(value -> position(option, value)).orElse(-1L);
            long covered = "--from".equals(option) ? from : to;
            if (asked >= 0 && asked != covered) {
                return "the export covers positions " + from + " to " + to + ", not the asked " + option + " "
                        + asked;
            }
        }
        return null;
    }

    private static long position(String option, String value) {
        try {
            long position = AsciiNumbers.parseLong(value);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException malformed) {
            // reported below
        }
        throw new IllegalArgumentException(option + " must be a position: a whole number from 0");
    }

    private int verifyEvents(BufferedReader lines, long from, long to, CheckpointJson checkpoint)
            throws IOException {
        long treeSize = checkpoint.treeSize();
        byte[] root = checkpoint.root();
        long expected = from;
        boolean wholeTree = from == 0 && to == treeSize;
        CompactRange tree = CompactRange.empty();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String what = "line " + (expected - from + 2) + " of the export";
            JsonNode event = JsonInput.parse(json, line, what);
            long position = JsonInput.number(event, what, "position");
            if (position != expected) {
                return fail("position " + expected + " is missing from the export");
            }
            byte[] leaf = MerkleHashes.leafHash(LeafEncoding.encode(storedEvent(event, what)));
            if (!Arrays.equals(leaf, JsonInput.hash(event, what, "leafHash"))) {
                return fail("position " + position + ": the event does not hash to its leaf hash");
            }
            if (wholeTree) {
                tree.append(leaf);
            } else if (!MerkleVerifier.verifyInclusion(position, treeSize, leaf, JsonInput.hashes(event, what,
                    event.has("inclusionPath") ? "inclusionPath" : "path"), root)) {
                return fail("position " + position + ": not included in the checkpointed tree");
            }
            expected++;
        }
        if (expected != to) {
            return fail("the export ends at position " + expected + ", before " + to);
        }
        if (wholeTree && !Arrays.equals(tree.root(), root)) {
            return fail("the events do not build the checkpoint's root");
        }
        out.println("OK: " + (expected - from) + " events verified against the checkpoint "
                + "of size " + treeSize + " signed at " + checkpoint.timestamp());
        return 0;
    }

    private static StoredEvent storedEvent(JsonNode event, String what) {
        return new StoredEvent(JsonInput.number(event, what, "globalIndex"), text(event, "eventIdentifier"),
                text(event, "aggregateIdentifier"), JsonInput.number(event, what, "sequenceNumber"),
                text(event, "type"), text(event, "payloadType"), text(event, "payloadRevision"),
                text(event, "timestamp"), bytes(JsonInput.text(event, what, "payload")),
                bytes(text(event, "metadata")));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private int fail(String reason) {
        out.println("FAILED: " + reason);
        return 1;
    }
}
