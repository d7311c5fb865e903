package dev.spillway.it.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config directory the control plane serves, written from the templates in
 * {@code src/test/resources/grpc/config}: cluster {@code local} (the client's) with the primary {@code blue},
 * {@code green-direct}, the VirtualService {@code color.test} and the FailoverScheme blue → remote's green;
 * cluster {@code remote}, a flat network, with {@code green}.
 */
final class ColorConfig {
    static final String VIRTUAL_SERVICE = "local/virtual-service.yaml";
    private static final List<String> TEMPLATES = List.of(
            "local/cluster.yaml",
            "local/upstreams.yaml",
            VIRTUAL_SERVICE,
            "local/failover-scheme.yaml",
            "remote/cluster.yaml",
            "remote/upstreams.yaml");

    private final Path dir;
    private final Map<String, String> values = new TreeMap<>();

    private ColorConfig(Path dir, int bluePort, int greenPort) {
        this.dir = dir;
        values.put("BLUE_PORT", Integer.toString(bluePort));
        values.put("GREEN_PORT", Integer.toString(greenPort));
        values.put("ROUTE_UPSTREAM", "blue");
    }

    /** Writes every file, the route pointing at {@code blue}. */
    static ColorConfig write(Path dir, int bluePort, int greenPort) {
        ColorConfig config = new ColorConfig(dir, bluePort, greenPort);
        TEMPLATES.forEach(config::render);
        return config;
    }

    Path dir() {
        return dir;
    }

    /** Rewrites the VirtualService so its route sends everything to {@code upstream} (namespace default). */
    void routeTo(String upstream) {
        values.put("ROUTE_UPSTREAM", upstream);
        render(VIRTUAL_SERVICE);
    }

    /** Renders one template; replaced in one rename, so the watcher never reads half a file. */
    private void render(String name) {
        String text = template(name);
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        Path target = dir.resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path staged = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(staged, text);
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String template(String name) {
        try (InputStream in = ColorConfig.class.getResourceAsStream("/grpc/config/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource grpc/config/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
