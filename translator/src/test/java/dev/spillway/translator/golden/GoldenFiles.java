package dev.spillway.translator.golden;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares produced files with the golden ones under a case's {@code output/} directory, or, with
 * {@code -Dgolden.update=true}, rewrites them and deletes the ones no longer produced.
 */
final class GoldenFiles {
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private GoldenFiles() {}

    static void verify(Path outputDir, Map<String, String> produced) {
        try {
            if (UPDATE) {
                rewrite(outputDir, produced);
                return;
            }
            Set<String> existing = list(outputDir);
            for (Map.Entry<String, String> e : produced.entrySet()) {
                Path file = outputDir.resolve(e.getKey());
                if (!Files.exists(file)) {
                    fail("missing golden file %s (run `make golden` to create it)", file);
                }
                compare(file, Files.readString(file), e.getValue());
            }
            existing.removeAll(produced.keySet());
            if (!existing.isEmpty()) {
                fail("golden files no longer produced in %s: %s (run `make golden`)", outputDir, existing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path outputDir, Map<String, String> produced) throws IOException {
        for (String orphan : list(outputDir)) {
            if (!produced.containsKey(orphan)) {
                Files.delete(outputDir.resolve(orphan));
            }
        }
        for (Map.Entry<String, String> e : produced.entrySet()) {
            Path file = outputDir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
    }

    private static Set<String> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return new java.util.TreeSet<>();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .sorted(Comparator.naturalOrder())
                    .map(p -> dir.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        }
    }

    /** Fails with the first differing line and a few lines of context on each side. */
    private static void compare(Path file, String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        int i = 0;
        while (i < want.size() && i < got.size() && want.get(i).equals(got.get(i))) {
            i++;
        }
        StringBuilder diff = new StringBuilder();
        for (int k = Math.max(0, i - 3); k < Math.min(Math.max(want.size(), got.size()), i + 4); k++) {
            String w = k < want.size() ? want.get(k) : "<end>";
            String g = k < got.size() ? got.get(k) : "<end>";
            diff.append(w.equals(g) ? "  " + w : "- " + w + "\n+ " + g).append('\n');
        }
        fail(
                "%s differs from the produced output at line %d (- golden, + produced; `make golden` rewrites):%n%s",
                file, i + 1, diff);
    }
}
