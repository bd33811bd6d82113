package com.payledger.infra.security.apikey;

import com.payledger.infra.failure.StartupRefusal;
import java.io.IOException;
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
            throw new StartupRefusal("set " + variable + " or " + variable + "_FILE, not both",
                    "Remove one of them.");
        }
        if (!hasFile) {
            return hasInline ? inline.strip() : "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new StartupRefusal("Cannot read " + variable + "_FILE " + file + " ("
                    + e.getClass().getSimpleName() + ").",
                    "Make the file readable by the service's user, or name another.", e);
        }
    }
}
