package dev.spillway.it.envoy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.WaitStrategy;
import org.testcontainers.containers.wait.strategy.WaitStrategyTarget;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Envoy in a Testcontainers container of {@link EnvoyRuntime#IMAGE}. On the host network every address
 * is the host's loopback, as in the examples. On a bridge network (Docker Desktop and other VM-based
 * engines) the container reaches the test JVM at {@code host.testcontainers.internal} (ports exposed with
 * {@link EnvoyRuntime#exposeHostPorts}), other Envoys at their addresses on a shared network, and the
 * test reaches Envoy through mapped ports.
 */
final class EnvoyContainer implements EnvoyHandle {
    private static final String BOOTSTRAP = "/etc/envoy/spillway-bootstrap.yaml";
    private static Network network;

    private final GenericContainer<?> container;
    private final boolean bridged;
    private final String testHostAddress;
    private final String peerAddress;

    private EnvoyContainer(GenericContainer<?> container, boolean bridged, String testHostAddress, String peerAddress) {
        this.container = container;
        this.bridged = bridged;
        this.testHostAddress = testHostAddress;
        this.peerAddress = peerAddress;
    }

    @SuppressWarnings("resource") // stopped in stop()
    static EnvoyContainer start(
            EnvoyRuntime runtime, String name, String bootstrap, int adminPort, List<Integer> listenerPorts, Path log) {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(EnvoyRuntime.IMAGE))
                .withCopyToContainer(Transferable.of(bootstrap, 0644), BOOTSTRAP)
                .withCommand("-c", BOOTSTRAP, "--log-level", "warn")
                .withLogConsumer(frame -> append(log, frame.getUtf8String()))
                .waitingFor(new NoWait());
        boolean bridged = runtime.mode() == EnvoyRuntime.Mode.DOCKER_BRIDGE;
        if (bridged) {
            Integer[] exposed = new Integer[listenerPorts.size() + 1];
            exposed[0] = adminPort;
            for (int i = 0; i < listenerPorts.size(); i++) {
                exposed[i + 1] = listenerPorts.get(i);
            }
            c.withNetwork(network())
                    .withNetworkAliases("envoy-" + name)
                    .withAccessToHost(true)
                    .withExposedPorts(exposed);
        } else {
            c.withNetworkMode("host");
        }
        c.start();
        if (!bridged) {
            return new EnvoyContainer(c, false, "127.0.0.1", "127.0.0.1");
        }
        String peer = c.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getIpAddress())
                .filter(ip -> ip != null && !ip.isEmpty())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + name + " has no network address"));
        return new EnvoyContainer(c, true, resolve(c, EnvoyRuntime.HOST_ALIAS), peer);
    }

    private static synchronized Network network() {
        if (network == null) {
            network = Network.newNetwork();
        }
        return network;
    }

    /** Endpoints must be IP addresses, so the host alias is resolved the way Envoy would resolve it. */
    private static String resolve(GenericContainer<?> c, String hostname) {
        try {
            String out = c.execInContainer("getent", "ahostsv4", hostname)
                    .getStdout()
                    .trim();
            if (out.isEmpty()) {
                throw new IllegalStateException("cannot resolve " + hostname + " in the Envoy container");
            }
            return out.split("\\s+")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void append(Path log, String text) {
        try {
            Files.writeString(log, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is a debugging aid only
        }
    }

    @Override
    public boolean alive() {
        return container.isRunning();
    }

    @Override
    public String host() {
        return bridged ? container.getHost() : "127.0.0.1";
    }

    @Override
    public int port(int envoyPort) {
        return bridged ? container.getMappedPort(envoyPort) : envoyPort;
    }

    @Override
    public String testHostAddress() {
        return testHostAddress;
    }

    @Override
    public String peerAddress() {
        return peerAddress;
    }

    @Override
    public void stop() {
        container.stop();
    }

    /** Testcontainers' own waiting cannot see a host-network container's ports; /ready is polled instead. */
    private static final class NoWait implements WaitStrategy {
        @Override
        public void waitUntilReady(WaitStrategyTarget target) {}

        @Override
        public WaitStrategy withStartupTimeout(Duration startupTimeout) {
            return this;
        }
    }
}
