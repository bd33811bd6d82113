package com.payledger.infra.security.apikey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret given either inline (an environment variable) or as a file to read it from, never both. */
final class SecretSource {

    private SecretSource() {
    }

    static String read(String variable, String inline, String file) {
        boolean hasInline = inline != null && !inline.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasInline && hasFile) {
            throw new IllegalStateException("set " + variable + " or " + variable + "_FILE, not both");
        }
        if (!hasFile) {
            return hasInline ? inline.strip() : "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + variable + "_FILE " + file, e);
        }
    }
}
