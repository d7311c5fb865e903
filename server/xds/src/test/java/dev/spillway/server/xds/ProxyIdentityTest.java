package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.spillway.api.model.ProxyGroup;
import io.envoyproxy.envoy.config.core.v3.Node;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyIdentityTest {
    private final ProxyIdentity twoClusters = new ProxyIdentity(() -> Set.of("local", "remote"));

    @Test
    void metadataClusterAndNodeClusterMakeTheGroup() {
        Node node = Node.newBuilder()
                .setCluster("gateway-proxy")
                .setMetadata(metadata("cluster", string("remote")))
                .build();

        assertThat(twoClusters.groupOf(node)).isEqualTo(new ProxyGroup("remote", "gateway-proxy"));
    }

    @Test
    void theOnlyConfiguredClusterIsTakenWhenTheNodeNamesNone() {
        ProxyIdentity oneCluster = new ProxyIdentity(() -> Set.of("local"));

        assertThat(oneCluster.groupOf(
                        Node.newBuilder().setCluster("gateway-proxy").build()))
                .isEqualTo(new ProxyGroup("local", "gateway-proxy"));
    }

    @Test
    void clusterIsUnknownWhenTheNodeNamesNoneAmongSeveral() {
        assertThat(twoClusters.groupOf(
                        Node.newBuilder().setCluster("gateway-proxy").build()))
                .isEqualTo(new ProxyGroup(ProxyIdentity.UNKNOWN_CLUSTER, "gateway-proxy"));
    }

    @Test
    void grpcUserAgentIsProxyless() {
        assertThat(twoClusters.proxyless(
                        Node.newBuilder().setUserAgentName("gRPC Java").build()))
                .isTrue();
        assertThat(twoClusters.proxyless(
                        Node.newBuilder().setUserAgentName("envoy").build()))
                .isFalse();
    }

    @Test
    void proxylessMetadataIsProxyless() {
        Value yes = Value.newBuilder().setBoolValue(true).build();

        assertThat(twoClusters.proxyless(Node.newBuilder()
                        .setMetadata(metadata("proxyless", yes))
                        .build()))
                .isTrue();
        assertThat(twoClusters.proxyless(Node.newBuilder()
                        .setMetadata(metadata("proxyless", string("true")))
                        .build()))
                .isTrue();
    }

    private static Struct metadata(String key, Value value) {
        return Struct.newBuilder().putFields(key, value).build();
    }

    private static Value string(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    @Test
    void everyProxylessClientOfAClusterSharesItsProxylessGroup() {
        Node client = Node.newBuilder()
                .setCluster("checkout-client")
                .setUserAgentName("gRPC Java")
                .setMetadata(metadata("cluster", string("local")))
                .build();

        assertThat(twoClusters.groupOf(client)).isEqualTo(ProxyGroup.proxyless("local"));
    }
}
