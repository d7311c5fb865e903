package dev.spillway.it.envoy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Per-class working directories under {@code target/envoy-it/}, kept after the run for their logs. */
final class WorkDir {
    private WorkDir() {}

    /** An empty {@code target/envoy-it/<TestClass>} (Envoy logs, bootstraps, config, certificates). */
    static Path fresh(Class<?> testClass) {
        Path dir = Path.of("target", "envoy-it", testClass.getSimpleName()).toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                        Files.delete(p);
                    }
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes each of {@code things} that is there, in order, whatever the others do. */
    static void closeQuietly(AutoCloseable... things) {
        for (AutoCloseable thing : things) {
            if (thing == null) {
                continue;
            }
            try {
                thing.close();
            } catch (Exception e) {
                System.err.println("closing " + thing + ": " + e);
            }
        }
    }
}
