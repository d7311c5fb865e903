package dev.spillway.it.envoy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;

/**
 * Where a real Envoy comes from on this machine, decided once per JVM: a Docker engine (Testcontainers
 * image {@link #IMAGE}), else an {@code envoy} binary ({@code ENVOY_BIN}, then {@code PATH}), else none,
 * with the reason the Envoy tests are skipped.
 *
 * <p>Overrides: {@code -Denvoy.runtime=docker|local} (or {@code SPILLWAY_ENVOY_RUNTIME}) forces one,
 * {@code -Denvoy.docker.network=host|bridge} the Docker network mode, {@code -Denvoy.image=...} the image.
 */
public final class EnvoyRuntime {
    /** Pinned image: a patch release of Envoy's 1.31 line, which java-control-plane 1.0.49's protos cover. */
    public static final String IMAGE = System.getProperty("envoy.image", "envoyproxy/envoy:v1.31.10");

    /** How Envoy runs. */
    public enum Mode {
        /** A container sharing the host's network: every address is the host's loopback, as in the examples. */
        DOCKER_HOST_NETWORK,
        /**
         * A container on a Docker network with mapped ports (Docker Desktop, remote engines): it reaches the
         * test JVM at {@code host.testcontainers.internal} and other Envoys at their container addresses.
         */
        DOCKER_BRIDGE,
        /** A local {@code envoy} process. */
        LOCAL_BINARY,
        /** No Envoy here: the tests are skipped. */
        NONE
    }

    /** The name test JVM processes have inside a bridged container. */
    static final String HOST_ALIAS = "host.testcontainers.internal";

    private static EnvoyRuntime current;

    private final Mode mode;
    private final Path binary;
    private final String description;

    private EnvoyRuntime(Mode mode, Path binary, String description) {
        this.mode = mode;
        this.binary = binary;
        this.description = description;
    }

    /** The runtime of this JVM, detected on first use. */
    public static synchronized EnvoyRuntime current() {
        if (current == null) {
            current = detect();
        }
        return current;
    }

    private static EnvoyRuntime detect() {
        String forced = setting("envoy.runtime", "SPILLWAY_ENVOY_RUNTIME");
        List<String> missing = new ArrayList<>();
        if (!"local".equals(forced)) {
            if (dockerAvailable()) {
                Mode mode = dockerMode();
                return new EnvoyRuntime(
                        mode,
                        null,
                        "Docker (" + IMAGE + ", "
                                + (mode == Mode.DOCKER_HOST_NETWORK ? "host network" : "bridge network, mapped ports")
                                + ")");
            }
            missing.add("no Docker engine");
        }
        if (!"docker".equals(forced)) {
            String envoyBin = System.getenv("ENVOY_BIN");
            Path onPath = onPath("envoy");
            if (envoyBin != null && !envoyBin.isBlank()) {
                Path bin = Path.of(envoyBin);
                if (Files.isRegularFile(bin) && Files.isExecutable(bin)) {
                    return new EnvoyRuntime(Mode.LOCAL_BINARY, bin, "local envoy " + bin + " (ENVOY_BIN)");
                }
            }
            if (onPath != null) {
                return new EnvoyRuntime(Mode.LOCAL_BINARY, onPath, "local envoy " + onPath + " (PATH)");
            }
            missing.add("no envoy on PATH");
            missing.add(
                    envoyBin == null || envoyBin.isBlank()
                            ? "ENVOY_BIN unset"
                            : "ENVOY_BIN=" + envoyBin + " is not an executable file");
        }
        if (forced != null) {
            missing.add("envoy.runtime=" + forced);
        }
        return new EnvoyRuntime(Mode.NONE, null, String.join(", ", missing));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Host networking only where it means this machine's network: a Linux JVM talking to a local Linux
     * engine. Docker Desktop, Colima and remote engines run containers in a VM, so they get mapped ports.
     */
    private static Mode dockerMode() {
        String forced = setting("envoy.docker.network", "SPILLWAY_ENVOY_DOCKER_NETWORK");
        if (forced != null) {
            return forced.equals("host") ? Mode.DOCKER_HOST_NETWORK : Mode.DOCKER_BRIDGE;
        }
        boolean linuxJvm =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        String os;
        try {
            os = String.valueOf(DockerClientFactory.instance().getInfo().getOperatingSystem());
        } catch (RuntimeException e) {
            os = "";
        }
        boolean vm = os.contains("Docker Desktop")
                || os.contains("Rancher")
                || os.contains("colima")
                || os.contains("Boot2Docker");
        String host = DockerClientFactory.instance()
                .getTransportConfig()
                .getDockerHost()
                .toString();
        return linuxJvm && !vm && host.startsWith("unix:") ? Mode.DOCKER_HOST_NETWORK : Mode.DOCKER_BRIDGE;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    public Mode mode() {
        return mode;
    }

    public boolean available() {
        return mode != Mode.NONE;
    }

    /** What runs Envoy, or why nothing does ({@code no Docker engine, no envoy on PATH, ENVOY_BIN unset}). */
    public String description() {
        return description;
    }

    /** The reason a test is skipped on this machine, or null when Envoy is available. */
    public String skipReason() {
        return available() ? null : "Envoy not available (" + description + ")";
    }

    /** Aborts the calling test (JUnit assumption) when there is no Envoy here. */
    public void assumeAvailable() {
        if (!available()) {
            Assumptions.abort(skipReason());
        }
    }

    Path binary() {
        return binary;
    }

    boolean docker() {
        return mode == Mode.DOCKER_HOST_NETWORK || mode == Mode.DOCKER_BRIDGE;
    }

    /** The host Envoy's bootstrap names for the xDS server (Spillway, in the test JVM). */
    public String xdsHost() {
        return mode == Mode.DOCKER_BRIDGE ? HOST_ALIAS : "127.0.0.1";
    }

    /** Where Envoy's admin listener binds: only a bridged container needs more than loopback. */
    public String adminBindAddress() {
        return mode == Mode.DOCKER_BRIDGE ? "0.0.0.0" : "127.0.0.1";
    }

    /**
     * Makes ports of the test JVM's loopback (Spillway, backends) reachable from bridged containers at
     * {@link #HOST_ALIAS}; call before starting the Envoys. Nothing to do in the other modes.
     */
    public void exposeHostPorts(int... ports) {
        if (mode == Mode.DOCKER_BRIDGE) {
            Testcontainers.exposeHostPorts(ports);
        }
    }

    @Override
    public String toString() {
        return mode + ": " + description;
    }
}
