package com.payledger.infra.cli;

import com.payledger.query.audit.merkle.MerkleHashes;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the JSON the verifiers are given: answers of a service the auditor does not trust, saved to files. Text that
 * is not JSON, or a field that is missing or of the wrong type, fails the verification with a line naming it
 * ({@link Malformed}, exit code 1), never an exception's stack trace; a file that cannot be read is misuse (2).
 */
final class JsonInput {

    /** The input does not have the shape it claims: the verification fails. The message names what is wrong. */
    static final class Malformed extends RuntimeException {

        Malformed(String message) {
            super(message);
        }
    }

    private JsonInput() {
    }

    /**
     * A reader that refuses what two JSON readers may read differently: a field given twice (a plain reader keeps
     * the last, other tools the first, so a file could show one value to a person and have the other verified) and
     * anything after the value.
     */
    static JsonMapper strictMapper() {
        return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** The JSON object in {@code file}; {@code what} names it in messages ("the inclusion proof"). */
    static JsonNode readFile(JsonMapper json, String file, String what) {
        String text;
        try {
            text = Options.read(file);
        } catch (UncheckedIOException unreadable) {
            throw new IllegalArgumentException("cannot read " + what + ": " + unreadable.getCause().getMessage(),
                    unreadable);
        }
        return parse(json, text, what + " (" + file + ")");
    }

    /** One JSON object; {@code what} names it in messages. */
    static JsonNode parse(JsonMapper json, String text, String what) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JacksonException notJson) {
            throw new Malformed(what + " is not strict JSON: " + notJson.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new Malformed(what + " is not a JSON object");
        }
        return node;
    }

    /** A field that must be a JSON object. */
    static JsonNode object(JsonNode node, String what, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new Malformed(what + " has no object " + field);
        }
        return value;
    }

    static long number(JsonNode node, String what, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new Malformed(what + " has no whole number " + field);
        }
        return value.longValue();
    }

    static String text(JsonNode node, String what, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new Malformed(what + " has no text " + field);
        }
        return value.stringValue();
    }

    /** A hash in hex, as the service writes it. */
    static byte[] hash(JsonNode node, String what, String field) {
        return hex(text(node, what, field), what + "'s " + field);
    }

    /** An array of hashes in hex: an inclusion or consistency path. */
    static List<byte[]> hashes(JsonNode node, String what, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new Malformed(what + " has no array " + field);
        }
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isString()) {
                throw new Malformed(what + "'s " + field + " holds something other than hex text");
            }
            hashes.add(hex(element.stringValue(), what + "'s " + field));
        }
        return hashes;
    }

    private static byte[] hex(String text, String what) {
        try {
            return MerkleHashes.fromHex(text);
        } catch (IllegalArgumentException notHex) {
            throw new Malformed(what + " is not hex");
        }
    }
}
