package dev.spillway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upstream's hosts moving is an endpoint-only change: one ClusterLoadAssignment changes, and nothing else, not
 * even the EDS service name (it hashes the cluster's definition, never its endpoints). So a proxy re-creates no
 * cluster and is sent one assignment.
 */
class EndpointChangeTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");

    @Test
    void movedHostChangesOneAssignmentAndNoOtherResource() {
        SnapshotStore store = new SnapshotStore();
        List<SnapshotChange> changes = new ArrayList<>();
        try (Reconciler reconciler = new Reconciler(store, Reconciler.Settings.DEFAULT)) {
            reconciler.reconcileNow(inventory("10.0.0.2"));
            GroupSnapshot before = store.get(GROUP);
            store.addChangeListener(changes::add);

            reconciler.reconcileNow(inventory("10.0.9.9"));

            assertThat(changes).hasSize(1);
            SnapshotChange change = changes.get(0);
            assertThat(change.previous()).isSameAs(before);
            String assignment = before.edsServiceName("u1_gloo-system");
            assertThat(change.changed(XdsType.ENDPOINT)).containsExactly(assignment);
            for (XdsType type : List.of(XdsType.CLUSTER, XdsType.LISTENER, XdsType.ROUTE, XdsType.SECRET)) {
                assertThat(change.changed(type)).as(type.name()).isEmpty();
                assertThat(change.versionChanged(type)).as(type.name()).isFalse();
            }
            assertThat(change.next().edsServiceNames()).isEqualTo(before.edsServiceNames());
            assertThat(change.next().of(XdsType.ENDPOINT).resources().get(assignment))
                    .isNotEqualTo(before.of(XdsType.ENDPOINT).resources().get(assignment));
        }
    }

    private static Inventory inventory(String hostOfU1) {
        List<Resource> resources = new ArrayList<>();
        resources.add(new Gateway(
                meta("gateway-proxy"),
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of(), List.of()),
                null));
        HealthCheck check = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                2,
                2,
                null,
                null,
                null,
                null,
                new HealthCheck.Http("/health", "", List.of()),
                null,
                null);
        List<VirtualService.Route> routes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "u" + i;
            String host = i == 1 ? hostOfU1 : "10.0.0." + (i + 1);
            resources.add(new Upstream(
                    meta(name),
                    null,
                    new Upstream.StaticBackend(List.of(new HostPort(host, 8080)), false),
                    List.of(check),
                    null,
                    null,
                    null,
                    null,
                    false));
            routes.add(new VirtualService.Route(
                    List.of(new VirtualService.Matcher(
                            VirtualService.PathKind.PREFIX, "/" + name, List.of(), List.of())),
                    new VirtualService.RouteAction(
                            List.of(new VirtualService.Destination(new ResourceRef(name, "gloo-system"), 0)), false)));
        }
        resources.add(new VirtualService(meta("default"), List.of("*"), routes));
        return Inventory.of(resources.stream()
                .map(r -> new Inventory.Entry(r.key(), r, ResourceStatus.ACCEPTED, "test"))
                .toList());
    }

    private static ObjectMeta meta(String name) {
        return new ObjectMeta("local", "gloo-system", name, Map.of(), 0, "");
    }
}
