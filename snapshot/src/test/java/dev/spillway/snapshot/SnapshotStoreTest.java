package dev.spillway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.controlplane.cache.SnapshotConsistencyException;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotStoreTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");
    private static final Map<String, String> EDS = Map.of("blue", "blue-eds");

    @Test
    void sameResourcesGiveTheSameVersionsInAnotherStore() throws Exception {
        SnapshotStore first = new SnapshotStore();
        SnapshotStore restarted = new SnapshotStore();
        first.publish(GROUP, resources("blue", 5), EDS);
        restarted.publish(GROUP, resources("blue", 5), EDS);

        for (XdsType type : XdsType.values()) {
            assertThat(restarted.get(GROUP).of(type).version())
                    .isEqualTo(first.get(GROUP).of(type).version());
        }
    }

    /** Literal versions: one made from a hashCode or an identity would agree within this JVM only. */
    @Test
    void versionsAreTheSameLiteralsOnEveryJvm() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);

        GroupSnapshot snapshot = store.get(GROUP);
        assertThat(List.of(
                        snapshot.of(XdsType.CLUSTER).version(),
                        snapshot.of(XdsType.CLUSTER).resources().get("blue").version(),
                        snapshot.of(XdsType.ENDPOINT).version(),
                        snapshot.of(XdsType.ENDPOINT)
                                .resources()
                                .get("blue-eds")
                                .version()))
                .containsExactly("a04b9d51e56983d2", "b7d5e2320852b220", "f775ea481f1fc106", "1ee73de892724e04");
    }

    @Test
    void unchangedGroupIsNotPublishedAgain() throws Exception {
        SnapshotStore store = new SnapshotStore();
        List<GroupSnapshot> announced = new ArrayList<>();
        store.addListener(announced::add);

        assertThat(store.publish(GROUP, resources("blue", 5), EDS)).isTrue();
        assertThat(store.publish(GROUP, resources("blue", 5), EDS)).isFalse();

        assertThat(announced).hasSize(1);
    }

    @Test
    void endpointsVersionChangesWithTheClustersVersion() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);
        GroupSnapshot before = store.get(GROUP);
        // Same EDS service name and same endpoints; only the cluster's connect timeout changes.
        store.publish(GROUP, resources("blue", 2), EDS);
        GroupSnapshot after = store.get(GROUP);

        assertThat(after.of(XdsType.ENDPOINT).resources().get("blue-eds").version())
                .isEqualTo(
                        before.of(XdsType.ENDPOINT).resources().get("blue-eds").version());
        assertThat(after.of(XdsType.CLUSTER).version())
                .isNotEqualTo(before.of(XdsType.CLUSTER).version());
        assertThat(after.of(XdsType.ENDPOINT).version())
                .isNotEqualTo(before.of(XdsType.ENDPOINT).version());
    }

    /** An endpoint change: the translator hands over the very messages of the other types again. */
    @Test
    void anEndpointChangeKeepsTheSnapshotsOfTheOtherTypes() throws Exception {
        SnapshotStore store = new SnapshotStore();
        Map<XdsType, List<? extends Message>> first = resources("blue", 5);
        store.publish(GROUP, first, EDS);
        GroupSnapshot before = store.get(GROUP);
        Map<XdsType, List<? extends Message>> moved = new EnumMap<>(first);
        moved.put(XdsType.ENDPOINT, List.of(assignment("blue-eds", "10.0.0.2")));

        assertThat(store.publish(GROUP, moved, EDS)).isTrue();

        GroupSnapshot after = store.get(GROUP);
        assertThat(after.of(XdsType.CLUSTER)).isSameAs(before.of(XdsType.CLUSTER));
        assertThat(after.of(XdsType.LISTENER)).isSameAs(before.of(XdsType.LISTENER));
        assertThat(after.of(XdsType.ENDPOINT).version())
                .isNotEqualTo(before.of(XdsType.ENDPOINT).version());
        assertThat(((ClusterLoadAssignment) after.of(XdsType.ENDPOINT)
                                .resources()
                                .get("blue-eds")
                                .message())
                        .getEndpoints(0)
                        .getLbEndpoints(0)
                        .getEndpoint()
                        .getAddress()
                        .getSocketAddress()
                        .getAddress())
                .isEqualTo("10.0.0.2");
    }

    /** The very same assignments, but another cluster: the endpoints' version still follows the clusters'. */
    @Test
    void theSameAssignmentsUnderChangedClustersGetANewVersion() throws Exception {
        SnapshotStore store = new SnapshotStore();
        Map<XdsType, List<? extends Message>> first = resources("blue", 5);
        store.publish(GROUP, first, EDS);
        GroupSnapshot before = store.get(GROUP);
        Map<XdsType, List<? extends Message>> edited = new EnumMap<>(resources("blue", 2));
        edited.put(XdsType.ENDPOINT, first.get(XdsType.ENDPOINT));

        store.publish(GROUP, edited, EDS);

        assertThat(store.get(GROUP).of(XdsType.ENDPOINT).version())
                .isNotEqualTo(before.of(XdsType.ENDPOINT).version());
    }

    /** The check is skipped only when what it looks at is unchanged: the same clusters with an assignment gone fail. */
    @Test
    void theSameClustersWithoutTheirAssignmentAreRefused() throws Exception {
        SnapshotStore store = new SnapshotStore();
        Map<XdsType, List<? extends Message>> first = resources("blue", 5);
        store.publish(GROUP, first, EDS);
        Map<XdsType, List<? extends Message>> noEndpoints = new EnumMap<>(first);
        noEndpoints.put(XdsType.ENDPOINT, List.of(assignment("green-eds", "10.0.0.3")));

        assertThatThrownBy(() -> store.publish(GROUP, noEndpoints, EDS))
                .isInstanceOf(SnapshotConsistencyException.class)
                .hasMessageContaining("missing [blue-eds]");
        assertThat(store.get(GROUP).of(XdsType.ENDPOINT).resources()).containsOnlyKeys("blue-eds");
    }

    private static ClusterLoadAssignment assignment(String name, String address) {
        return ClusterLoadAssignment.newBuilder()
                .setClusterName(name)
                .addEndpoints(io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints.newBuilder()
                        .addLbEndpoints(io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint.newBuilder()
                                .setEndpoint(io.envoyproxy.envoy.config.endpoint.v3.Endpoint.newBuilder()
                                        .setAddress(io.envoyproxy.envoy.config.core.v3.Address.newBuilder()
                                                .setSocketAddress(
                                                        io.envoyproxy.envoy.config.core.v3.SocketAddress.newBuilder()
                                                                .setAddress(address)
                                                                .setPortValue(8080))))))
                .build();
    }

    @Test
    void unchangedResourcesKeepTheirPackedForm() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);
        PreparedResource endpoints =
                store.get(GROUP).of(XdsType.ENDPOINT).resources().get("blue-eds");
        store.publish(GROUP, resources("blue", 2), EDS);

        assertThat(store.get(GROUP)
                        .of(XdsType.ENDPOINT)
                        .resources()
                        .get("blue-eds")
                        .any())
                .isSameAs(endpoints.any());
    }

    @Test
    void inconsistentSnapshotIsRefusedAndThePreviousOneStays() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);
        String version = store.get(GROUP).of(XdsType.CLUSTER).version();
        Map<XdsType, List<? extends Message>> noEndpoints = new EnumMap<>(resources("blue", 1));
        noEndpoints.put(XdsType.ENDPOINT, List.of());

        assertThatThrownBy(() -> store.publish(GROUP, noEndpoints, EDS))
                .isInstanceOf(SnapshotConsistencyException.class);
        assertThat(store.get(GROUP).of(XdsType.CLUSTER).version()).isEqualTo(version);
    }

    @Test
    void clustersHaveTheEdsServiceNamesThePublisherGave() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);

        assertThat(store.get(GROUP).edsServiceName("blue")).isEqualTo("blue-eds");
        assertThatThrownBy(() -> store.publish(GROUP, resources("blue", 1), Map.of("blue", "elsewhere")))
                .isInstanceOf(SnapshotConsistencyException.class)
                .hasMessageContaining("missing [elsewhere]");
    }

    @Test
    void unknownGroupReadsAsAValidEmptySnapshot() {
        GroupSnapshot empty = new SnapshotStore().get(new ProxyGroup("nowhere", "nobody"));

        assertThat(empty.types()).hasSize(XdsType.values().length);
        assertThat(empty.types().values())
                .allSatisfy(t -> assertThat(t.resources()).isEmpty());
    }

    @Test
    void clearedGroupIsAnnouncedEmpty() throws Exception {
        SnapshotStore store = new SnapshotStore();
        store.publish(GROUP, resources("blue", 5), EDS);
        List<GroupSnapshot> announced = new ArrayList<>();
        store.addListener(announced::add);

        store.clear(GROUP);

        assertThat(announced)
                .singleElement()
                .satisfies(s -> assertThat(s.of(XdsType.CLUSTER).resources()).isEmpty());
    }

    static Map<XdsType, List<? extends Message>> resources(String name, long connectTimeoutSeconds) {
        Cluster cluster = Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.EDS)
                .setConnectTimeout(Durations.fromSeconds(connectTimeoutSeconds))
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                        .setServiceName(name + "-eds")
                        .setEdsConfig(ConfigSource.newBuilder().setAds(AggregatedConfigSource.getDefaultInstance())))
                .build();
        ClusterLoadAssignment cla =
                ClusterLoadAssignment.newBuilder().setClusterName(name + "-eds").build();
        Map<XdsType, List<? extends Message>> map = new EnumMap<>(XdsType.class);
        map.put(XdsType.CLUSTER, List.of(cluster));
        map.put(XdsType.ENDPOINT, List.of(cla));
        return map;
    }
}
