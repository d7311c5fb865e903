package dev.spillway.it.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.LrsService;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Everything a proxyless test needs: the blue and green backends, their config directory, Spillway serving
 * it on the JVM's xDS port ({@link XdsBootstrap}), and a stock grpc-java channel to {@code xds:///color.test}.
 * One per test: closing the channel releases grpc-java's shared xDS client, so the next test starts with a
 * fresh ADS stream.
 */
final class ProxylessFixture implements AutoCloseable {
    static final ProxyGroup GROUP = ProxyGroup.proxyless("local");
    static final String TARGET = "xds:///color.test";
    /** How long the first config may take to reach the client, and a route edit to take effect. */
    static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(30);

    private final ColorBackend blue;
    private final ColorBackend green;
    private final ColorConfig config;
    private ControlPlane controlPlane;
    private ManagedChannel channel;
    private Duration loadReportInterval = LrsService.DEFAULT_INTERVAL;

    private ProxylessFixture(ColorBackend blue, ColorBackend green, ColorConfig config) {
        this.blue = blue;
        this.green = green;
        this.config = config;
    }

    /** Starts the backends and Spillway, and opens the channel (which connects lazily, on the first RPC). */
    static ProxylessFixture start(Path configDir) throws IOException {
        return start(configDir, LrsService.DEFAULT_INTERVAL);
    }

    /** As {@link #start(Path)}, with the client asked to report its load every {@code loadReportInterval}. */
    static ProxylessFixture start(Path configDir, Duration loadReportInterval) throws IOException {
        ColorBackend blue = ColorBackend.start(Color.BLUE);
        ColorBackend green = ColorBackend.start(Color.GREEN);
        ProxylessFixture fixture =
                new ProxylessFixture(blue, green, ColorConfig.write(configDir, blue.port(), green.port()));
        fixture.loadReportInterval = loadReportInterval;
        try {
            fixture.startControlPlane();
            fixture.channel = Grpc.newChannelBuilder(TARGET, InsecureChannelCredentials.create())
                    .build();
        } catch (IOException | RuntimeException e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    ColorBackend blue() {
        return blue;
    }

    ColorBackend green() {
        return green;
    }

    ColorConfig config() {
        return config;
    }

    ManagedChannel channel() {
        return channel;
    }

    ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The running control plane's admin endpoints. */
    Admin admin() {
        return new Admin(controlPlane.adminPort());
    }

    /**
     * Connects the channel and waits until Spillway has identified the client's ADS stream.
     *
     * @return the groups with open streams, and how many each has
     */
    Map<String, Integer> awaitStreams() {
        channel.getState(true); // leaves idle: grpc-java resolves color.test over xDS
        return Eventually.await("the client's ADS stream", CONFIG_TIMEOUT, () -> {
            Map<String, Integer> streams = admin().connectedStreams();
            return streams.isEmpty() ? null : streams;
        });
    }

    /**
     * Waits for the first answer, which must come from {@code color}. Fails at once when Spillway put the client
     * in another group than {@link #GROUP} (it would only time out waiting for its listener).
     */
    void awaitFirstAnswer(String color) {
        assertThat(awaitStreams())
                .as("groups with ADS streams once grpc-java connected (user agent \"gRPC Java\", no proxyless flag)")
                .containsOnlyKeys(GROUP.toString());
        awaitAnswer(color, CONFIG_TIMEOUT);
    }

    /** Calls (waiting for the channel to be ready) until {@code color} answers. */
    void awaitAnswer(String color, Duration timeout) {
        Eventually.until(
                color + " answering " + TARGET, timeout, () -> color.equals(Color.getWaitingForReady(channel)));
    }

    /** Starts Spillway on the JVM's xDS port; also after {@link #stopControlPlane}, on the same port. */
    void startControlPlane() throws IOException {
        controlPlane = ControlPlane.start(
                new ControlPlane.Settings(
                                config.dir(),
                                XdsBootstrap.xdsPort(),
                                "127.0.0.1",
                                0,
                                Duration.ofMillis(100),
                                Duration.ofSeconds(1))
                        .withLoadReportInterval(loadReportInterval),
                System.out);
    }

    /** Stops Spillway gracefully: its ADS streams end, clients keep their config and retry. */
    void stopControlPlane() {
        controlPlane.close();
    }

    @Override
    public void close() {
        // The client goes first, so Spillway's close has no stream left to drain.
        if (channel != null) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
        blue.close();
        green.close();
    }
}
