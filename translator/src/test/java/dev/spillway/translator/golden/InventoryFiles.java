package dev.spillway.translator.golden;

import dev.spillway.api.codec.DecodedFile;
import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a directory of cluster sub-directories into an inventory, as the file source does at start. */
public final class InventoryFiles {
    private InventoryFiles() {}

    public static Inventory read(Path root) {
        List<Inventory.Entry> entries = new ArrayList<>();
        try (Stream<Path> clusters = Files.list(root)) {
            for (Path clusterDir : clusters.filter(Files::isDirectory).sorted().toList()) {
                String cluster = clusterDir.getFileName().toString();
                try (Stream<Path> files = Files.list(clusterDir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                            .sorted()
                            .toList()) {
                        String name = file.getFileName().toString();
                        add(ResourceDecoder.decode(cluster, name, Files.readString(file)), entries);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Inventory.of(entries);
    }

    private static void add(DecodedFile file, List<Inventory.Entry> entries) {
        entries.addAll(DecodedEntries.of(file, file.cluster() + "/" + file.fileName()));
    }
}
