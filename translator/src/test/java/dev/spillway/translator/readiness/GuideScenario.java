package dev.spillway.translator.readiness;

import dev.spillway.api.codec.ResourceDecoder;
import dev.spillway.api.source.DecodedEntries;
import dev.spillway.api.source.Inventory;
import dev.spillway.translator.Translation;
import dev.spillway.translator.Translator;
import dev.spillway.translator.tls.GoldenMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user guide's two clusters (the guide-failover golden input), with files replaced per test: the
 * client certificate, the remote gateway, the green Service.
 */
final class GuideScenario {
    private static final Path GUIDE = Path.of("src/test/resources/golden/guide-failover/input");

    private final Path root;

    GuideScenario(Path dir) {
        this.root = dir;
        copy(GUIDE, dir);
    }

    /** The local cluster's failover-upstream Secret, with an optional ca.crt. */
    GuideScenario clientSecret(String certPem, String keyPem, String caPem) {
        String yaml =
                """
                apiVersion: v1
                kind: Secret
                type: kubernetes.io/tls
                metadata:
                  name: failover-upstream
                  namespace: gloo-system
                stringData:
                  tls.crt: |
                %s  tls.key: |
                %s""".formatted(indent(certPem), indent(keyPem)) + (caPem == null ? "" : "  ca.crt: |\n" + indent(caPem));
        return write("local", "secret-failover-upstream.yaml", yaml);
    }

    GuideScenario write(String cluster, String file, String yaml) {
        try {
            Files.writeString(root.resolve(cluster).resolve(file), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String cluster, String file) {
        try {
            return Files.readString(root.resolve(cluster).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Translation translate() {
        return Translator.translate(inventory());
    }

    private Inventory inventory() {
        List<Inventory.Entry> entries = new ArrayList<>();
        try (Stream<Path> clusters = Files.list(root)) {
            for (Path clusterDir : clusters.filter(Files::isDirectory).sorted().toList()) {
                String cluster = clusterDir.getFileName().toString();
                try (Stream<Path> files = Files.list(clusterDir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        var decoded = ResourceDecoder.decode(cluster, name, Files.readString(f));
                        entries.addAll(DecodedEntries.of(decoded, cluster + "/" + name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Inventory.of(entries);
    }

    private static String indent(String pem) {
        StringBuilder out = new StringBuilder();
        pem.lines().forEach(l -> out.append("    ").append(l).append('\n'));
        return out.toString();
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, GoldenMaterial.realize(Files.readString(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
