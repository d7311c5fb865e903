package dev.spillway.server.source.file;

import dev.spillway.api.source.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** One-shot reading of a config directory, for commands that check or render it without serving. */
public final class ConfigDirectory {

    private ConfigDirectory() {}

    /**
     * Reads {@code <dir>/<cluster>/*.yaml} once, exactly as the watching {@link FileSource} would.
     *
     * @throws UncheckedIOException when {@code dir} is not a readable directory
     */
    public static Inventory read(Path dir) {
        try {
            return new FileSource(dir).load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config directory " + dir + ": " + e, e);
        }
    }
}
