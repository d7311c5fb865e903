package dev.spillway.it.envoy;

import static dev.spillway.it.envoy.FailoverConfigDir.BLUE_CLUSTER;
import static dev.spillway.it.envoy.FailoverConfigDir.GREEN_CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.status.StatusLines;
import dev.spillway.it.envoy.FailoverConfigDir.Topology;
import dev.spillway.server.ControlPlane;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * The user guide end to end with real Envoys: one Spillway serving {@code examples/failover} (fresh
 * certificates from the guide's openssl commands, free ports), the {@code local} and {@code remote}
 * gateway proxies started from the shipped bootstraps, and the blue and green apps. The tests run in
 * the guide's order; the last one is the guide's cleanup of the FailoverScheme.
 */
@ExtendWith(EnvoyTests.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuideFailoverEnvoyTest {
    /** The guide's health check on blue. */
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Room for scheduling, the 1 s check timeout and the request loop. */
    private static final Duration MARGIN = Duration.ofSeconds(2);

    private static String setupSkip;
    private static Topology topology;
    private static TestCertificates certificates;
    private static FailoverConfigDir config;
    private static ColorBackend blue;
    private static ColorBackend green;
    private static ControlPlane spillway;
    private static EnvoyRunner remote;
    private static EnvoyRunner local;

    @BeforeAll
    static void startTheGuideScenario() throws IOException {
        EnvoyRuntime runtime = EnvoyRuntime.current();
        if (!runtime.available()) {
            return; // EnvoyTests skips every test, with the reason
        }
        setupSkip = TestCertificates.unavailableReason();
        if (setupSkip != null) {
            return;
        }
        Path work = WorkDir.fresh(GuideFailoverEnvoyTest.class);
        certificates = TestCertificates.generate(work.resolve("certs"));
        topology = Topology.freePorts();
        blue = ColorBackend.start("blue", topology.bluePort());
        green = ColorBackend.start("green", topology.greenPort());
        config = FailoverConfigDir.write(work.resolve("config"), topology, certificates);
        int xdsPort = Ports.free();
        runtime.exposeHostPorts(xdsPort, topology.bluePort(), topology.greenPort());
        XdsMtls mtls = new XdsMtls(work.resolve("xds-certs"));
        spillway = ControlPlane.start(mtls.settings(config.path(), xdsPort), System.out);
        List<String> rejected = new ArrayList<>();
        spillway.translation().statuses().forEach((key, status) -> {
            if (status.state().isError()) {
                rejected.add(StatusLines.line(key, status));
            }
        });
        assertThat(rejected).as("the guide's resources, as Spillway sees them").isEmpty();

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
        // In a bridged container the backends and the remote gateway have other addresses than 127.0.0.1.
        Topology seen = topology.withAddresses(local.testHostAddress(), remote.peerAddress());
        if (!seen.equals(topology)) {
            topology = seen;
            config.update(topology);
            Poll.until(
                    "local Envoy to get blue at " + topology.backendAddress(),
                    Duration.ofSeconds(30),
                    () -> local.hosts(BLUE_CLUSTER).stream()
                            .anyMatch(h -> h.address().equals(seen.backendAddress())),
                    () -> local.hosts(BLUE_CLUSTER).toString());
        }
    }

    @AfterAll
    static void stopEverything() {
        WorkDir.closeQuietly(local, remote, spillway, blue, green);
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

    @Test
    @Order(1)
    void curlThroughTheLocalProxyAnswersBluePod() {
        Poll.until(
                "blue-pod from " + proxyUrl(),
                Duration.ofSeconds(15),
                () -> Http.get(proxyUrl()).is("blue-pod"),
                () -> Http.get(proxyUrl()).toString());
        assertThat(Http.get(proxyUrl())).isEqualTo(new Http.Answer(200, "blue-pod"));
    }

    @Test
    @Order(2)
    void failingBlueHealthCheckFailsOverToGreenAndBack() {
        awaitHealthCheckingAtTrafficCadence();

        blue.fail();
        Transition failover = Transition.await(
                proxyUrl(), "green-pod", HEALTH_CHECK_INTERVAL.plus(MARGIN).plusSeconds(10));
        blue.ok();
        Transition recovery = Transition.await(
                proxyUrl(), "blue-pod", HEALTH_CHECK_INTERVAL.plus(MARGIN).plusSeconds(10));

        System.out.printf(
                "Failover to green-pod after %d ms, back to blue-pod after %d ms "
                        + "(health check every %d ms, thresholds 1/1)%n",
                failover.elapsed().toMillis(), recovery.elapsed().toMillis(), HEALTH_CHECK_INTERVAL.toMillis());
        assertThat(failover.elapsed()).as("time to green-pod").isLessThanOrEqualTo(HEALTH_CHECK_INTERVAL.plus(MARGIN));
        assertThat(recovery.elapsed())
                .as("time back to blue-pod")
                .isLessThanOrEqualTo(HEALTH_CHECK_INTERVAL.plus(MARGIN));
        assertThat(failover.failures())
                .as("requests that failed while failing over")
                .isEmpty();
        assertThat(recovery.failures())
                .as("requests that failed while failing back")
                .isEmpty();
    }

    /**
     * Envoy checks a cluster that has never carried traffic only every {@code no_traffic_interval} (60 s by
     * default, and the guide sets none): after the first request the 1 s interval applies from the next
     * check on. So: send traffic, then wait until both blue and green (checked through the mTLS hop) are
     * checked every second and green is healthy; only then is "within the interval" a fair measure.
     */
    private static void awaitHealthCheckingAtTrafficCadence() {
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(proxyUrl()).is("blue-pod"))
                    .as("blue-pod before failing blue")
                    .isTrue();
        }
        Duration cadence = HEALTH_CHECK_INTERVAL.plusMillis(500);
        Duration took = Poll.until(
                "blue and green health-checked every second, green healthy at priority 1",
                Duration.ofSeconds(90),
                Duration.ofMillis(100),
                () -> blue.healthCheckedEvery(cadence)
                        && green.healthCheckedEvery(cadence)
                        && local.hosts(BLUE_CLUSTER).stream().anyMatch(h -> isFailoverHost(h) && h.healthy()),
                () -> "blue " + blue.healthCheckCount() + " checks, green " + green.healthCheckCount()
                        + " checks, hosts " + local.hosts(BLUE_CLUSTER));
        System.out.printf("Health checks at the 1 s cadence after %d ms of traffic%n", took.toMillis());
    }

    /** Green's endpoint in blue's cluster: the remote failover gateway. */
    private static boolean isFailoverHost(EnvoyRunner.Host host) {
        return host.address().equals(topology.failoverAddress()) && host.port() == topology.failoverPort();
    }

    /** Through the remote failover gateway as the local proxy goes: SNI and client certificate. */
    private static TlsProbe.Outcome probeFailoverGateway(String sni, boolean clientCertificate) {
        return TlsProbe.get(
                remote.host(),
                remote.port(topology.failoverPort()),
                sni,
                clientCertificate ? certificates.clientKeyStore() : null,
                certificates.serverTrustStore());
    }

    /** The control for every refusal below: the same gateway forwards the right SNI with the right certificate. */
    private static void assertFailoverGatewayForwardsGreen() {
        TlsProbe.Outcome outcome = probeFailoverGateway(GREEN_CLUSTER, true);
        assertThat(outcome.answer())
                .as("SNI " + GREEN_CLUSTER + " with the client certificate: " + outcome)
                .contains("green-pod");
    }

    @Test
    @Order(3)
    void failoverGatewayForwardsTheTargetSniWithTheClientCertificate() {
        assertFailoverGatewayForwardsGreen();
    }

    @Test
    @Order(4)
    void failoverGatewayRefusesAnSniThatIsNoFailoverTarget() {
        assertFailoverGatewayForwardsGreen();
        // A cluster the remote proxy really has, but that no FailoverScheme targets.
        String other = remote.configDump().clusterNames().stream()
                .filter(n -> !n.equals(GREEN_CLUSTER))
                .findFirst()
                .orElse(BLUE_CLUSTER);

        TlsProbe.Outcome outcome = probeFailoverGateway(other, true);

        assertThat(outcome.refused()).as("SNI " + other + ": " + outcome).isTrue();
    }

    @Test
    @Order(5)
    void failoverGatewayRefusesAClientWithoutCertificate() {
        assertFailoverGatewayForwardsGreen();

        TlsProbe.Outcome outcome = probeFailoverGateway(GREEN_CLUSTER, false);

        assertThat(outcome.refused()).as("no client certificate: " + outcome).isTrue();
    }

    @Test
    @Order(6)
    void neitherEnvoyRejectedAnything() {
        assertThat(local.configDump().clusterNames()).contains(BLUE_CLUSTER);
        assertThat(remote.configDump().clusterNames()).contains(GREEN_CLUSTER);
        for (EnvoyRunner envoy : List.of(local, remote)) {
            assertThat(envoy.configDump().rejections())
                    .as(envoy + " config_dump error_state")
                    .isEmpty();
            for (String stat : List.of("cluster_manager.cds.update_rejected", "listener_manager.lds.update_rejected")) {
                assertThat(envoy.stat(stat)).as(envoy + " " + stat).isZero();
            }
        }
        assertThat(spillway.nacks().history()).as("NACKs Spillway received").isEmpty();
    }

    @Test
    @Order(7)
    void deletingTheFailoverSchemeLeavesBlueWithOnePriority() {
        assertThat(local.configDump().endpointPriorities(BLUE_CLUSTER)).containsExactly(0, 1);
        assertFailoverGatewayForwardsGreen();

        config.delete(FailoverConfigDir.FAILOVER_SCHEME);

        Poll.until(
                "blue's cluster back to priority 0 only",
                Duration.ofSeconds(30),
                () -> {
                    List<EnvoyRunner.Host> hosts = local.hosts(BLUE_CLUSTER);
                    return !hosts.isEmpty()
                            && hosts.stream().noneMatch(GuideFailoverEnvoyTest::isFailoverHost)
                            && hosts.stream().allMatch(h -> h.priority() == 0)
                            && local.configDump()
                                    .endpointPriorities(BLUE_CLUSTER)
                                    .equals(Set.of(0));
                },
                () -> local.hosts(BLUE_CLUSTER) + ", endpoints at priorities "
                        + local.configDump().endpointPriorities(BLUE_CLUSTER));
        Poll.until(
                "blue-pod after the cleanup",
                Duration.ofSeconds(15),
                () -> Http.get(proxyUrl()).is("blue-pod"),
                () -> Http.get(proxyUrl()).toString());
        // With nothing targeting the remote cluster its failover gateway forwards nothing, not even green.
        Poll.until(
                "the remote failover gateway to refuse green",
                Duration.ofSeconds(30),
                () -> probeFailoverGateway(GREEN_CLUSTER, true).refused(),
                () -> probeFailoverGateway(GREEN_CLUSTER, true).toString());
        assertThat(local.configDump().rejections()).isEmpty();
        assertThat(remote.configDump().rejections()).isEmpty();
    }

    /** Polls the proxy until it answers {@code expected}, remembering how long that took and what failed. */
    private record Transition(Duration elapsed, List<String> failures) {
        static Transition await(String url, String expected, Duration timeout) {
            long start = System.nanoTime();
            List<String> failures = new ArrayList<>();
            Duration elapsed = Poll.until(
                    expected + " from " + url,
                    timeout,
                    Duration.ofMillis(50),
                    () -> {
                        Http.Answer a = Http.get(url);
                        if (a.status() != 200) {
                            failures.add(String.format("at %d ms: %s", (System.nanoTime() - start) / 1_000_000, a));
                        }
                        return a.is(expected);
                    },
                    () -> Http.get(url).toString());
            return new Transition(elapsed, failures);
        }
    }
}
