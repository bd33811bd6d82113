package com.payledger.query.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** An auditor's offline verifier reuses these classes as they are, so they may import nothing but the JDK. */
class PureJdkDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/com/payledger/query/audit/merkle");

    @Test
    void givenTheMerkleSources_whenTheirImportsAreRead_thenEachIsFromTheJdk() throws IOException {
        List<String> imports;
        List<Path> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(5);
        try (Stream<String> lines = sources.stream().flatMap(PureJdkDependenciesTest::lines)) {
            imports = lines.filter(line -> line.startsWith("import ")).toList();
        }
        assertThat(imports).isNotEmpty().allMatch(line -> line.startsWith("import java."));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }
}
