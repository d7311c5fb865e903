package dev.spillway.it.envoy;

import static dev.spillway.it.envoy.FailoverConfigDir.BLUE_CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.it.envoy.EnvoyBootstrap.Ads;
import dev.spillway.it.envoy.FailoverConfigDir.Topology;
import dev.spillway.server.ControlPlane;
import dev.spillway.server.xds.AdsService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Envoy against Spillway's two ADS flavours, with the local gateway proxy of {@code examples/failover}
 * (the shipped bootstrap, {@code api_type} GRPC or DELTA_GRPC) and the blue app behind it.
 */
@ExtendWith(EnvoyTests.class)
class EnvoyProtocolTest {
    private static final String PROXY_GROUP = "local/gateway-proxy";

    private static Path work;
    private static Topology topology;
    private static FailoverConfigDir config;
    private static ColorBackend blue;
    private static int xdsPort;
    private static XdsMtls mtls;
    private static ControlPlane spillway;

    @BeforeAll
    static void startSpillwayAndBlue() throws IOException {
        EnvoyRuntime runtime = EnvoyRuntime.current();
        if (!runtime.available()) {
            return; // EnvoyTests skips every test, with the reason
        }
        work = WorkDir.fresh(EnvoyProtocolTest.class);
        topology = Topology.freePorts();
        blue = ColorBackend.start("blue", topology.bluePort());
        // The example's own certificates: nothing here goes through the failover gateway.
        config = FailoverConfigDir.write(work.resolve("config"), topology, null);
        xdsPort = Ports.free();
        mtls = new XdsMtls(work.resolve("xds-certs"));
        runtime.exposeHostPorts(xdsPort, topology.bluePort());
        startSpillway();
    }

    private static void startSpillway() throws IOException {
        spillway = ControlPlane.start(mtls.settings(config.path(), xdsPort), System.out);
    }

    @AfterAll
    static void stopEverything() {
        WorkDir.closeQuietly(spillway, blue);
    }

    private static EnvoyRunner startLocalProxy(Ads ads) {
        EnvoyRuntime runtime = EnvoyRuntime.current();
        EnvoyRunner envoy = EnvoyRunner.start(
                "local-" + ads.name().toLowerCase(),
                mtls.clientOf(EnvoyBootstrap.gatewayProxy("local"))
                        .ads(ads)
                        .nodeId("gateway-proxy-local-" + ads.name().toLowerCase())
                        .xds(runtime.xdsHost(), xdsPort)
                        .admin(runtime.adminBindAddress(), Ports.free()),
                List.of(topology.localHttpPort()),
                work);
        if (!envoy.testHostAddress().equals(topology.backendAddress())) {
            topology = topology.withAddresses(envoy.testHostAddress(), topology.failoverAddress());
            config.update(topology);
        }
        String url = proxyUrl(envoy);
        Poll.until(
                "blue-pod through the " + ads + " proxy",
                Duration.ofSeconds(30),
                () -> Http.get(url).is("blue-pod"),
                () -> Http.get(url).toString());
        return envoy;
    }

    private static String proxyUrl(EnvoyRunner envoy) {
        return envoy.url(topology.localHttpPort()) + "/";
    }

    /** The dump once nothing is warming and blue's endpoints are in. */
    private static ConfigDump settled(EnvoyRunner envoy) {
        ConfigDump[] dump = new ConfigDump[1];
        Poll.until(
                envoy + " config to settle",
                Duration.ofSeconds(30),
                () -> {
                    dump[0] = envoy.configDump();
                    SortedMap<String, JsonNode> resources = dump[0].resources();
                    return resources.keySet().stream().noneMatch(k -> k.startsWith("warming-"))
                            && resources.containsKey("endpoint/" + dump[0].edsServiceName(BLUE_CLUSTER));
                },
                () -> dump[0] == null ? "no dump" : dump[0].resources().keySet().toString());
        return dump[0];
    }

    @Test
    void sotwAndDeltaAdsGiveEnvoyTheSameConfig() {
        Map<Ads, SortedMap<String, JsonNode>> seen = new EnumMap<>(Ads.class);
        for (Ads ads : Ads.values()) {
            try (EnvoyRunner envoy = startLocalProxy(ads)) {
                ConfigDump dump = settled(envoy);
                assertThat(dump.rejections()).as(ads + " rejections").isEmpty();
                seen.put(ads, dump.resources());
            }
        }

        SortedMap<String, JsonNode> sotw = seen.get(Ads.SOTW);
        assertThat(sotw)
                .containsKeys(
                        "cluster/" + BLUE_CLUSTER,
                        "listener/listener-::-" + topology.localHttpPort(),
                        "route/listener-::-" + topology.localHttpPort() + "-routes",
                        "secret/gloo-system_failover-upstream");
        assertThat(seen.get(Ads.DELTA).keySet()).as("resources over delta ADS").isEqualTo(sotw.keySet());
        sotw.forEach((key, resource) -> assertThat(seen.get(Ads.DELTA).get(key))
                .as("%s over delta ADS", key)
                .isEqualTo(resource));
        assertThat(spillway.nacks().history()).as("NACKs Spillway received").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Ads.class)
    void envoyServesThroughASpillwayRestartAndReconnectsToTheSameVersions(Ads ads) throws IOException {
        try (EnvoyRunner envoy = startLocalProxy(ads)) {
            SortedMap<String, String> versionsBefore = settled(envoy).versions();
            long cdsVersion = envoy.stat("cluster_manager.cds.version");
            long ldsVersion = envoy.stat("listener_manager.lds.version");
            long cdsUpdates = envoy.stat("cluster_manager.cds.update_success");
            assertThat(envoy.stat("control_plane.connected_state")).isEqualTo(1L);

            int duringOutage;
            List<String> failures;
            try (Traffic traffic = Traffic.start(proxyUrl(envoy), "blue-pod")) {
                traffic.awaitMore(20);
                spillway.close();
                Poll.until(
                        envoy + " to notice Spillway is gone",
                        Duration.ofSeconds(20),
                        () -> envoy.stat("control_plane.connected_state") == 0,
                        () -> "still connected");
                int before = traffic.sent();
                traffic.awaitMore(50); // a second or more with no control plane at all
                duringOutage = traffic.sent() - before;

                startSpillway();
                Poll.until(
                        envoy + " to reconnect to the new Spillway",
                        Duration.ofSeconds(60),
                        () -> envoy.stat("control_plane.connected_state") == 1 && connectedStreams(ads) >= 1,
                        () -> "connected_state " + envoy.stat("control_plane.connected_state") + ", Spillway streams "
                                + connectedStreams(ads));
                // The new Spillway answered the reconnected stream (Spillway always answers a first request).
                Poll.until(
                        envoy + " to get CDS from the new Spillway",
                        Duration.ofSeconds(30),
                        () -> envoy.stat("cluster_manager.cds.update_success") > cdsUpdates,
                        () -> "cds.update_success " + envoy.stat("cluster_manager.cds.update_success"));
                traffic.awaitMore(20);
                failures = traffic.failures();
            } finally {
                if (!spillwayRunning()) {
                    startSpillway(); // leave a control plane for the other tests
                }
            }

            assertThat(duringOutage).as("requests while Spillway was down").isGreaterThanOrEqualTo(50);
            assertThat(failures).as("requests that failed across the restart").isEmpty();
            ConfigDump after = settled(envoy);
            assertThat(after.versions()).as("versions after reconnecting").isEqualTo(versionsBefore);
            assertThat(envoy.stat("cluster_manager.cds.version")).isEqualTo(cdsVersion);
            assertThat(envoy.stat("listener_manager.lds.version")).isEqualTo(ldsVersion);
            assertThat(after.rejections()).isEmpty();
            assertThat(envoy.stat("cluster_manager.cds.update_rejected")).isZero();
            assertThat(envoy.stat("listener_manager.lds.update_rejected")).isZero();
        }
    }

    private static boolean spillwayRunning() {
        return Http.get("http://127.0.0.1:" + spillway.adminPort() + "/healthz").status() == 200;
    }

    /** Spillway's own count of ADS streams from the local gateway proxy over {@code ads}. */
    private static double connectedStreams(Ads ads) {
        String protocol = ads == Ads.DELTA ? AdsService.DELTA : AdsService.SOTW;
        Http.Answer metrics = Http.get("http://127.0.0.1:" + spillway.adminPort() + "/metrics");
        if (metrics.status() != 200) {
            throw new UncheckedIOException(new IOException("Spillway /metrics: " + metrics));
        }
        double streams = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("spillway_xds_connected_streams{")
                    && line.contains("group=\"" + PROXY_GROUP + "\"")
                    && line.contains("protocol=\"" + protocol + "\"")) {
                streams += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return streams;
    }
}
