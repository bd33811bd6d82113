package com.payledger.infra.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options and positional arguments of one command. */
record Options(Map<String, String> named, List<String> positional) {

    static Options parse(String[] args, Set<String> known) {
        Map<String, String> named = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (!known.contains(args[i]) || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
                }
                // The last one won: a wrapper that pins --public-key or --from and appends an auditor's arguments
                // could be overridden without a word.
                if (named.put(args[i], args[i + 1]) != null) {
                    throw new IllegalArgumentException("option given twice: " + args[i]);
                }
                i++;
            } else {
                positional.add(args[i]);
            }
        }
        return new Options(named, positional);
    }

    /** For a command that takes named options only: a stray word is a mistake, not something to ignore. */
    Options withoutPositional() {
        if (!positional.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument: " + positional.get(0));
        }
        return this;
    }

    Optional<String> get(String name) {
        return Optional.ofNullable(named.get(name));
    }

    String required(String name) {
        return get(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
    }

    static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
