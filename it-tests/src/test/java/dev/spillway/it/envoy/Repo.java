package dev.spillway.it.envoy;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the tests run in (Maven runs them from {@code it-tests/}). */
final class Repo {
    private Repo() {}

    static Path root() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("envoy-configs")) && Files.isDirectory(p.resolve("examples"))) {
                return p;
            }
        }
        throw new IllegalStateException("no envoy-configs/ and examples/ above " + dir);
    }
}
