package dev.spillway.server.source.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The RBAC rules cover every informer, every status write and the Lease. */
class RequiredRbacTest {

    @Test
    void everyInformerTheSourceCreatesMayListAndWatch() {
        Set<WatchedKind> informed;
        MockCluster cluster = new MockCluster("local");
        KubeSource source = new KubeSource(List.of(cluster.connection()), Guide.FAST);
        try {
            source.start();
            informed = source.informedKinds();
        } finally {
            // Server first: see MockCluster#close.
            cluster.stopIfRunning();
            source.close();
            cluster.close();
        }

        assertThat(informed).containsExactlyInAnyOrder(WatchedKind.values());
        assertThat(informed)
                .allSatisfy(kind -> assertThat(RequiredRbac.rule(kind.group(), kind.plural()))
                        .as(kind.plural())
                        .hasValueSatisfying(r -> assertThat(r.verbs()).contains("list", "watch", "get")));
    }

    @Test
    void theStatusOfEveryCustomResourceMayBeWritten() {
        assertThat(WatchedKind.custom())
                .extracting(WatchedKind::plural)
                .containsExactlyInAnyOrder("upstreams", "gateways", "virtualservices", "failoverschemes");
        assertThat(WatchedKind.custom())
                .allSatisfy(kind -> assertThat(RequiredRbac.rule(kind.group(), kind.plural() + "/status"))
                        .as(kind.plural())
                        .hasValueSatisfying(r -> assertThat(r.verbs()).containsExactly("get", "patch", "update")));
    }

    @Test
    void nothingElseIsWrittenButTheLeaseAndDiscoveredUpstreams() {
        assertThat(RequiredRbac.rule("coordination.k8s.io", "leases"))
                .hasValueSatisfying(r -> assertThat(r.verbs()).containsExactly("create", "get", "update"));
        assertThat(RequiredRbac.rule("gloo.solo.io", "upstreams"))
                .hasValueSatisfying(r ->
                        assertThat(r.verbs()).containsExactly("create", "delete", "get", "list", "patch", "watch"));
        assertThat(RequiredRbac.rules())
                .filteredOn(r -> !r.resource().endsWith("/status")
                        && !r.resource().equals("leases")
                        && !r.resource().equals("upstreams"))
                .allSatisfy(r -> assertThat(r.verbs()).containsExactly("get", "list", "watch"));
        assertThat(RequiredRbac.rules())
                .hasSize(WatchedKind.values().length + WatchedKind.custom().size() + 1);
    }

    @Test
    void coreResourcesAreInTheCoreGroup() {
        assertThat(RequiredRbac.rules())
                .extracting(r -> r.apiGroup() + "/" + r.resource())
                .contains(
                        "/services",
                        "/secrets",
                        "/pods",
                        "/nodes",
                        "discovery.k8s.io/endpointslices",
                        "gloo.solo.io/upstreams",
                        "gateway.solo.io/gateways",
                        "gateway.solo.io/virtualservices",
                        "fed.solo.io/failoverschemes");
    }
}
