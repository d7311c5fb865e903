package dev.spillway.it.envoy;

import static dev.spillway.it.envoy.FailoverConfigDir.BLUE_CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.status.StatusLines;
import dev.spillway.it.envoy.FailoverConfigDir.Topology;
import dev.spillway.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two failover targets behind one gateway address, with real Envoys: the guide's scenario plus a second upstream in
 * {@code remote} ({@code green-canary}) as the priority-2 failover target, both reached through the one remote
 * failover gateway. Envoy keeps one host per address in a cluster ({@code EdsClusterImpl::BatchUpdateHelper::
 * updateLocalityEndpoints}, source/extensions/clusters/eds/eds.cc), so the translator splits blue's cluster into
 * parts under an aggregate cluster ({@code envoy.clusters.aggregate}); the failover gateway forwards each
 * connection by its SNI ({@code sni_cluster}), so an answer from green-canary through the shared address proves
 * the canary target's own SNI was sent. Both Envoys connect with the shipped bootstraps' mTLS.
 */
@ExtendWith(EnvoyTests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedGatewayFailoverEnvoyTest {
    private static final String CANARY_CLUSTER = "default-service-green-canary-10000_gloo-system";
    /** Not a timing measure: room for health checks through the mTLS hop and for config to arrive. */
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);

    private static String setupSkip;
    private static Topology topology;
    private static int canaryPort;
    private static FailoverConfigDir config;
    private static ColorBackend blue;
    private static ColorBackend green;
    private static ColorBackend canary;
    private static ControlPlane spillway;
    private static EnvoyRunner remote;
    private static EnvoyRunner local;

    @BeforeAll
    static void start() throws IOException {
        EnvoyRuntime runtime = EnvoyRuntime.current();
        if (!runtime.available()) {
            return; // EnvoyTests skips every test, with the reason
        }
        setupSkip = TestCertificates.unavailableReason();
        if (setupSkip != null) {
            return;
        }
        Path work = WorkDir.fresh(SharedGatewayFailoverEnvoyTest.class);
        TestCertificates certificates = TestCertificates.generate(work.resolve("certs"));
        topology = Topology.freePorts();
        canaryPort = Ports.free();
        blue = ColorBackend.start("blue", topology.bluePort());
        green = ColorBackend.start("green", topology.greenPort());
        canary = ColorBackend.start("green-canary", canaryPort);
        config = FailoverConfigDir.of(work.resolve("config"), certificates)
                // Checked every second from the start, so failing a target needs no traffic to it first.
                .edit("local/upstreams.yaml", "    interval: 1s\n", "    interval: 1s\n    noTrafficInterval: 1s\n")
                .replaceFile("local/failover-scheme.yaml", FAILOVER_SCHEME)
                .file("remote/service-green-canary.yaml", t -> canary(t.backendAddress(), canaryPort));
        config.update(topology);
        int xdsPort = Ports.free();
        runtime.exposeHostPorts(xdsPort, topology.bluePort(), topology.greenPort(), canaryPort);
        XdsMtls mtls = new XdsMtls(work.resolve("xds-certs"));
        spillway = ControlPlane.start(mtls.settings(config.path(), xdsPort), System.out);
        List<String> rejected = new ArrayList<>();
        spillway.translation().statuses().forEach((key, status) -> {
            if (status.state().isError()) {
                rejected.add(StatusLines.line(key, status));
            }
        });
        assertThat(rejected)
                .as("the scenario's resources, as Spillway sees them")
                .isEmpty();

        remote = EnvoyRunner.start(
                "remote",
                mtls.clientOf(EnvoyBootstrap.gatewayProxy("remote"))
                        .xds(runtime.xdsHost(), xdsPort)
                        .admin(runtime.adminBindAddress(), Ports.free()),
                List.of(topology.remoteHttpPort(), topology.failoverPort()),
                work);
        local = EnvoyRunner.start(
                "local",
                mtls.clientOf(EnvoyBootstrap.gatewayProxy("local"))
                        .xds(runtime.xdsHost(), xdsPort)
                        .admin(runtime.adminBindAddress(), Ports.free()),
                List.of(topology.localHttpPort()),
                work);
        Topology seen = topology.withAddresses(local.testHostAddress(), remote.peerAddress());
        if (!seen.equals(topology)) {
            topology = seen;
            config.update(topology);
        }
    }

    @AfterAll
    static void stop() {
        WorkDir.closeQuietly(local, remote, spillway, blue, green, canary);
    }

    @BeforeEach
    void requireSetup() {
        if (setupSkip != null) {
            Assumptions.abort(setupSkip);
        }
    }

    private static String proxyUrl() {
        return local.url(topology.localHttpPort()) + "/";
    }

    private static void awaitAnswer(String pod) {
        Poll.until(
                pod + " from " + proxyUrl(),
                SWITCH_TIMEOUT,
                () -> Http.get(proxyUrl()).is(pod),
                () -> Http.get(proxyUrl()) + "; local clusters "
                        + local.configDump().clusterNames());
    }

    @Test
    @Order(1)
    void blueIsAnAggregateOfPartsEachHoldingTheSharedGatewayOnce() {
        awaitAnswer("blue-pod");
        List<String> parts = local.configDump().clusterNames().stream()
                .filter(name -> name.startsWith(BLUE_CLUSTER + ":"))
                .toList();
        assertThat(parts).as("parts of blue's aggregate cluster").hasSizeGreaterThanOrEqualTo(2);
        long partsAtTheGateway = parts.stream()
                .filter(part -> local.hosts(part).stream()
                        .anyMatch(h ->
                                h.address().equals(topology.failoverAddress()) && h.port() == topology.failoverPort()))
                .count();
        assertThat(partsAtTheGateway)
                .as("parts that hold the remote failover gateway")
                .isEqualTo(2);
    }

    @Test
    @Order(2)
    void eachTargetIsReachedThroughTheSharedGatewayWithItsOwnSni() {
        awaitAnswer("blue-pod");

        blue.fail();
        awaitAnswer("green-pod");
        green.fail();
        awaitAnswer("green-canary-pod");

        green.ok();
        awaitAnswer("green-pod");
        blue.ok();
        awaitAnswer("blue-pod");
    }

    @Test
    @Order(3)
    void neitherEnvoyRejectedAnything() {
        for (EnvoyRunner envoy : List.of(local, remote)) {
            assertThat(envoy.configDump().rejections())
                    .as(envoy + " config_dump error_state")
                    .isEmpty();
            for (String stat : List.of("cluster_manager.cds.update_rejected", "listener_manager.lds.update_rejected")) {
                assertThat(envoy.stat(stat)).as(envoy + " " + stat).isZero();
            }
        }
        assertThat(remote.configDump().clusterNames()).contains(CANARY_CLUSTER);
        assertThat(spillway.nacks().history()).as("NACKs Spillway received").isEmpty();
    }

    /** The guide's scheme with the canary as a second failover group. */
    private static final String FAILOVER_SCHEME = """
            apiVersion: fed.solo.io/v1
            kind: FailoverScheme
            metadata:
              name: failover-scheme
              namespace: gloo-fed
            spec:
              primary:
                clusterName: local
                name: default-service-blue-10000
                namespace: gloo-system
              failoverGroups:
              - priorityGroup:
                - cluster: remote
                  upstreams:
                  - name: default-service-green-10000
                    namespace: gloo-system
              - priorityGroup:
                - cluster: remote
                  upstreams:
                  - name: default-service-green-canary-10000
                    namespace: gloo-system
            """;

    /** The canary's Service and Endpoints in {@code remote}; its Upstream is discovered from the Service. */
    private static String canary(String address, int port) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: service-green-canary
                  namespace: default
                spec:
                  ports:
                  - name: color
                    port: 10000
                    protocol: TCP
                    targetPort: 10000
                  selector:
                    app: bluegreen
                    text: green-canary
                  type: ClusterIP
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: service-green-canary
                  namespace: default
                subsets:
                - addresses:
                  - ip: %s
                  ports:
                  - name: color
                    port: %d
                    protocol: TCP
                """.formatted(address, port);
    }
}
