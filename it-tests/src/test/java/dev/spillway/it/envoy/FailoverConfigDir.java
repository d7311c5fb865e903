package dev.spillway.it.envoy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A Spillway config directory made from {@code examples/failover} (the guide's scenario), changed only
 * where a test must: ports, the addresses Envoy reaches the backends and the remote failover gateway at,
 * and optionally freshly made certificates. Every change is an exact replacement that must match once,
 * so a change to the example fails here instead of silently testing something else.
 */
final class FailoverConfigDir {
    static final String BLUE_CLUSTER = "default-service-blue-10000_gloo-system";
    static final String GREEN_CLUSTER = "default-service-green-10000_gloo-system";
    static final String FAILOVER_SCHEME = "local/failover-scheme.yaml";

    /**
     * Where things are.
     *
     * @param bluePort        blue's port (the example's 10001)
     * @param greenPort       green's port (10002)
     * @param localHttpPort   the local HTTP Gateway (8080)
     * @param remoteHttpPort  the remote HTTP Gateway (8081)
     * @param failoverPort    the remote failover Gateway (15443)
     * @param backendAddress  where the Envoys reach blue and green (127.0.0.1)
     * @param failoverAddress where the local Envoy reaches the remote failover gateway (127.0.0.1)
     */
    record Topology(
            int bluePort,
            int greenPort,
            int localHttpPort,
            int remoteHttpPort,
            int failoverPort,
            String backendAddress,
            String failoverAddress) {
        static Topology freePorts() {
            return new Topology(
                    Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), "127.0.0.1", "127.0.0.1");
        }

        Topology withAddresses(String backend, String failover) {
            return new Topology(bluePort, greenPort, localHttpPort, remoteHttpPort, failoverPort, backend, failover);
        }
    }

    private final Path dir;
    private final TestCertificates certificates;
    private final List<Consumer<Map<String, String>>> changes = new ArrayList<>();
    private final Map<String, Function<Topology, String>> extraFiles = new TreeMap<>();

    private FailoverConfigDir(Path dir, TestCertificates certificates) {
        this.dir = dir;
        this.certificates = certificates;
    }

    /** Writes the directory; {@code certificates} null keeps the example's. */
    static FailoverConfigDir write(Path dir, Topology topology, TestCertificates certificates) {
        FailoverConfigDir config = new FailoverConfigDir(dir, certificates);
        config.update(topology);
        return config;
    }

    /**
     * A directory that differs from the example beyond the topology: call {@link #edit}, {@link #file} and
     * {@link #replaceFile}, then {@link #update} to write it.
     */
    static FailoverConfigDir of(Path dir, TestCertificates certificates) {
        return new FailoverConfigDir(dir, certificates);
    }

    /** On every update, replaces {@code from} (which must occur exactly once) in the example file. */
    FailoverConfigDir edit(String file, String from, String to) {
        changes.add(files -> edit(files, file, from, to));
        return this;
    }

    /** On every update, replaces an example file with {@code content}. */
    FailoverConfigDir replaceFile(String file, String content) {
        changes.add(files -> replace(files, file, content));
        return this;
    }

    /** On every update, writes a file the example does not have, made for the topology. */
    FailoverConfigDir file(String file, Function<Topology, String> content) {
        extraFiles.put(file, content);
        return this;
    }

    Path path() {
        return dir;
    }

    /** Rewrites the files whose content a new topology changes (Spillway picks them up). */
    void update(Topology t) {
        Map<String, String> files = examples();
        edit(files, "local/service-blue.yaml", "- ip: 127.0.0.1", "- ip: " + t.backendAddress());
        edit(files, "local/service-blue.yaml", "port: 10001", "port: " + t.bluePort());
        edit(files, "remote/service-green.yaml", "- ip: 127.0.0.1", "- ip: " + t.backendAddress());
        edit(files, "remote/service-green.yaml", "port: 10002", "port: " + t.greenPort());
        edit(files, "local/gateway.yaml", "bindPort: 8080", "bindPort: " + t.localHttpPort());
        edit(files, "remote/gateway.yaml", "bindPort: 8081", "bindPort: " + t.remoteHttpPort());
        edit(files, "remote/failover-gateway.yaml", "bindPort: 15443", "bindPort: " + t.failoverPort());
        edit(files, "remote/cluster.yaml", "address: 127.0.0.1", "address: " + t.failoverAddress());
        edit(files, "remote/cluster.yaml", "port: 15443", "port: " + t.failoverPort());
        if (certificates != null) {
            replace(files, "remote/secret-failover-downstream.yaml", certificates.failoverDownstreamSecret());
            replace(files, "local/secret-failover-upstream.yaml", certificates.failoverUpstreamSecret());
        }
        changes.forEach(change -> change.accept(files));
        extraFiles.forEach((file, content) -> files.put(file, content.apply(t)));
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey());
                if (!Files.exists(target) || !Files.readString(target).equals(f.getValue())) {
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, f.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes one file, as the guide's cleanup deletes a resource. */
    void delete(String relative) {
        try {
            Files.delete(dir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> examples() {
        Path example = Repo.root().resolve("examples/failover");
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(example)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml"))::iterator) {
                files.put(example.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void edit(Map<String, String> files, String file, String from, String to) {
        String text = files.get(file);
        if (text == null) {
            throw new IllegalStateException("examples/failover/" + file + " is missing");
        }
        int first = text.indexOf(from);
        if (first < 0 || text.indexOf(from, first + 1) >= 0) {
            throw new IllegalStateException("examples/failover/" + file + " must contain '" + from
                    + "' exactly once; the example changed, update " + FailoverConfigDir.class.getSimpleName());
        }
        files.put(file, text.replace(from, to));
    }

    private static void replace(Map<String, String> files, String file, String content) {
        if (!files.containsKey(file)) {
            throw new IllegalStateException("examples/failover/" + file + " is missing");
        }
        files.put(file, content);
    }
}
