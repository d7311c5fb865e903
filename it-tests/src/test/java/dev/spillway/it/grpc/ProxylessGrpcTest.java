package dev.spillway.it.grpc;

import static dev.spillway.it.grpc.Color.BLUE;
import static dev.spillway.it.grpc.Color.GREEN;
import static dev.spillway.it.grpc.ProxylessFixture.CONFIG_TIMEOUT;
import static dev.spillway.it.grpc.ProxylessFixture.GROUP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Message;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.source.file.ConfigDirectory;
import dev.spillway.server.xds.NackRecord;
import dev.spillway.snapshot.XdsType;
import dev.spillway.translator.Translator;
import dev.spillway.translator.xds.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * grpc-java's own xDS client (grpc-xds, {@code xds:///color.test}) against a live Spillway: priority
 * failover with real traffic, config edits, a control-plane restart and a NACK. The client is a stock one:
 * its bootstrap ({@link XdsBootstrap}) names only its federation cluster.
 */
class ProxylessGrpcTest {
    /** RPCs that must all succeed on green once the first green answer arrived. */
    private static final int CALLS_AFTER_SWITCH = 50;
    /** Failover needs no config change: the client already holds green at priority 1. */
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    /** Recovery waits for the client's reconnect backoff to blue. */
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path configDir;

    private ProxylessFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ProxylessFixture.start(configDir);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void theConfigIsAcceptedWithoutWarnings() {
        String statuses = StatusLines.render(
                Translator.translate(ConfigDirectory.read(configDir)).statuses());

        assertThat(statuses.lines())
                .as(statuses)
                .hasSize(7)
                .allMatch(line -> line.matches("(Accepted|ACCEPTED) \\S+ \\S+"))
                .contains("ACCEPTED FailoverScheme local/gloo-fed/color");
    }

    @Test
    void aStockGrpcJavaClientIsServedAsItsClustersProxylessClient() {
        Map<String, Integer> streams = fixture.awaitStreams();

        assertThat(streams)
                .as("groups with ADS streams; grpc-java sends user agent \"gRPC Java\" and here no proxyless flag")
                .containsExactly(entry(GROUP.toString(), 1));
        fixture.awaitAnswer(BLUE, CONFIG_TIMEOUT);
    }

    @Test
    void trafficFailsOverToGreenWhenBlueStopsAndReturnsWhenBlueIsBack() throws Exception {
        fixture.awaitFirstAnswer(BLUE);

        fixture.blue().stop();
        Traffic.untilAnswer(fixture.channel(), GREEN, System.nanoTime(), FAILOVER_TIMEOUT);

        assertThat(Traffic.calls(fixture.channel(), CALLS_AFTER_SWITCH))
                .as("every call once the switch to green is done")
                .containsOnly(GREEN);

        fixture.blue().restart();
        Traffic.untilAnswer(fixture.channel(), BLUE, System.nanoTime(), RECOVERY_TIMEOUT);
    }

    @Test
    void aRouteEditReachesTheClientOnItsOpenStream() throws Exception {
        fixture.awaitFirstAnswer(BLUE);
        Admin admin = fixture.admin();
        assertThat(admin.connectedStreams(GROUP.toString())).isEqualTo(1);
        long listenersSent = admin.pushes("listener");

        fixture.config().routeTo("green-direct");
        Traffic.Switch toGreen = Traffic.untilAnswer(fixture.channel(), GREEN, System.nanoTime(), CONFIG_TIMEOUT);

        assertThat(toGreen.failedCalls())
                .as("calls failed while the route changed")
                .isZero();
        assertThat(admin.connectedStreams(GROUP.toString())).isEqualTo(1);
        assertThat(admin.pushes("listener"))
                .as("listeners sent; a new stream would have been sent its listener again")
                .isEqualTo(listenersSent);
    }

    @Test
    void theClientKeepsItsConfigWhileSpillwayRestartsThenResynchronises() throws Exception {
        fixture.awaitFirstAnswer(BLUE);

        fixture.stopControlPlane();
        Map<String, Integer> whileDown = Traffic.callsFor(fixture.channel(), Duration.ofSeconds(1), 20);
        assertThat(whileDown).as("answers while Spillway is down").containsOnlyKeys(BLUE);

        fixture.startControlPlane();
        Eventually.until(
                "the client back on an ADS stream",
                CONFIG_TIMEOUT,
                () -> fixture.admin().connectedStreams(GROUP.toString()) == 1);
        fixture.config().routeTo("green-direct");
        Traffic.untilAnswer(fixture.channel(), GREEN, System.nanoTime(), CONFIG_TIMEOUT);
    }

    @Test
    void aClusterGrpcRejectsIsReportedAsANackAndNotSentAgain() throws Exception {
        fixture.awaitFirstAnswer(BLUE);

        fixture.controlPlane()
                .store()
                .publish(
                        GROUP,
                        withTransportSocketMatchOnBlue(),
                        fixture.controlPlane()
                                .translation()
                                .groups()
                                .get(GROUP)
                                .index()
                                .edsServiceNames());
        JsonNode nack = Eventually.await("the client's NACK on /status", CONFIG_TIMEOUT, this::clusterNack);

        // grpc-java's XdsClusterResource: "Cluster <name>: transport-socket-matches not supported."
        assertThat(nack.get("message").asText()).contains("blue_default: transport-socket-matches not supported");
        String rejected = nack.get("version").asText();
        long clustersSent = fixture.admin().pushes("cluster");
        CountDownLatch anotherNack = new CountDownLatch(1);
        fixture.controlPlane().nacks().addListener(n -> anotherNack.countDown());

        assertThat(anotherNack.await(1, TimeUnit.SECONDS))
                .as("another NACK within a second")
                .isFalse();
        assertThat(fixture.admin().pushes("cluster"))
                .as("clusters sent since the NACK")
                .isEqualTo(clustersSent);
        assertThat(fixture.controlPlane().nacks().history())
                .filteredOn(n -> n.group().equals(GROUP) && n.type() == XdsType.CLUSTER)
                .extracting(NackRecord::version)
                .containsExactly(rejected);
    }

    /** The served resources of the group, with blue's cluster given a transport socket match, which gRPC rejects. */
    private Map<XdsType, List<? extends Message>> withTransportSocketMatchOnBlue() {
        XdsResources served = fixture.controlPlane().translation().groups().get(GROUP);
        List<Cluster> clusters = served.clusters().stream()
                .map(c -> !c.getName().equals("blue_default")
                        ? c
                        : c.toBuilder()
                                .addTransportSocketMatches(Cluster.TransportSocketMatch.newBuilder()
                                        .setName("gateway-only"))
                                .build())
                .toList();
        assertThat(clusters).extracting(Cluster::getTransportSocketMatchesCount).contains(1);
        Map<XdsType, List<? extends Message>> resources = new EnumMap<>(XdsType.class);
        resources.put(XdsType.CLUSTER, clusters);
        resources.put(XdsType.ENDPOINT, served.endpoints());
        resources.put(XdsType.LISTENER, served.listeners());
        resources.put(XdsType.ROUTE, served.routes());
        resources.put(XdsType.SECRET, served.secrets());
        return resources;
    }

    /** The group's current cluster NACK as {@code /status} lists it, or null. */
    private JsonNode clusterNack() throws Exception {
        return StreamSupport.stream(fixture.admin().status().get("nacks").spliterator(), false)
                .filter(n -> n.get("group").asText().equals(GROUP.toString())
                        && n.get("type").asText().equals("cluster"))
                .findFirst()
                .orElse(null);
    }
}
