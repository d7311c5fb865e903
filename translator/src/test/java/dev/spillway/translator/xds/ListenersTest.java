package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Fixtures.BLUE;
import static dev.spillway.translator.xds.Fixtures.GREEN;
import static dev.spillway.translator.xds.Fixtures.failoverChain;
import static dev.spillway.translator.xds.Fixtures.httpListener;
import static dev.spillway.translator.xds.Fixtures.key;
import static dev.spillway.translator.xds.Fixtures.tcpListener;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.spillway.api.model.Kind;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.TcpListener.SniChain;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.CodecType;
import io.envoyproxy.envoy.extensions.filters.network.sni_cluster.v3.SniCluster;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy.ClusterSpecifierCase;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenersTest {

    @Test
    void httpListenerRunsTheConnectionManagerWithRoutesOverAds() throws InvalidProtocolBufferException {
        Listener listener = Listeners.http(httpListener());

        assertThat(listener.getName()).isEqualTo("listener-::-8080");
        assertThat(listener.getAddress().getSocketAddress().getAddress()).isEqualTo("::");
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(8080);
        assertThat(listener.getAddress().getSocketAddress().getIpv4Compat()).isTrue();
        Filter filter = listener.getFilterChains(0).getFilters(0);
        assertThat(filter.getName()).isEqualTo("envoy.filters.network.http_connection_manager");
        HttpConnectionManager hcm = filter.getTypedConfig().unpack(HttpConnectionManager.class);
        assertThat(hcm.getStatPrefix()).isEqualTo("http");
        assertThat(hcm.getCodecType()).isEqualTo(CodecType.AUTO);
        assertThat(hcm.getNormalizePath()).isEqualTo(BoolValue.of(true));
        assertThat(hcm.getRds().getRouteConfigName()).isEqualTo("listener-::-8080-routes");
        ClustersTest.assertAds(hcm.getRds().getConfigSource());
        // As Gloo: grpc-web before the router, websocket upgrades on.
        assertThat(hcm.getHttpFiltersList())
                .extracting(f -> f.getName())
                .containsExactly("envoy.filters.http.grpc_web", "envoy.filters.http.router");
        assertThat(hcm.getHttpFilters(1).getTypedConfig().is(Router.class)).isTrue();
        assertThat(hcm.getUpgradeConfigsList()).singleElement().satisfies(u -> {
            assertThat(u.getUpgradeType()).isEqualTo("websocket");
            assertThat(u.hasEnabled()).isFalse();
        });
    }

    @Test
    void ipv4BindingIsNotIpv4Compat() {
        Listener listener = Listeners.http(new HttpListener(
                "listener-0.0.0.0-8080",
                "0.0.0.0",
                8080,
                "listener-0.0.0.0-8080-routes",
                List.of(),
                key(Kind.GATEWAY, "gw")));

        assertThat(listener.getAddress().getSocketAddress().getIpv4Compat()).isFalse();
    }

    @Test
    void failoverGatewayInspectsTlsAndTerminatesMtlsPerSniChain() throws InvalidProtocolBufferException {
        Listener listener = Listeners.tcp(tcpListener(failoverChain(BLUE, GREEN)));

        assertThat(listener.getName()).isEqualTo("listener-::-15443");
        assertThat(listener.getAddress().getSocketAddress().getPortValue()).isEqualTo(15443);
        assertThat(listener.getListenerFiltersList()).singleElement().satisfies(f -> {
            assertThat(f.getName()).isEqualTo("envoy.filters.listener.tls_inspector");
            assertThat(f.getTypedConfig().is(TlsInspector.class)).isTrue();
        });
        FilterChain chain = listener.getFilterChains(0);
        assertThat(listener.getFilterChainsList()).hasSize(1);
        assertThat(chain.getName()).isEqualTo("failover");
        assertThat(chain.getFilterChainMatch().getServerNamesList()).containsExactly(BLUE, GREEN);
        assertThat(chain.getTransportSocket().getName()).isEqualTo("envoy.transport_sockets.tls");
        DownstreamTlsContext tls = chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertThat(tls.getRequireClientCertificate()).isEqualTo(BoolValue.of(true));
        assertThat(tls.getCommonTlsContext()
                        .getTlsCertificateSdsSecretConfigs(0)
                        .getName())
                .isEqualTo("gloo-system_failover-downstream");
        assertThat(tls.getCommonTlsContext()
                        .getValidationContextSdsSecretConfig()
                        .getName())
                .isEqualTo("gloo-system_failover-downstream-cacert");
        assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("h2", "http/1.1");
    }

    @Test
    void forwardingBySniRunsSniClusterThenTcpProxyWithAnEmptyCluster() throws InvalidProtocolBufferException {
        FilterChain chain = Listeners.tcp(tcpListener(failoverChain(GREEN))).getFilterChains(0);

        assertThat(chain.getFiltersList())
                .extracting(Filter::getName)
                .containsExactly("envoy.filters.network.sni_cluster", "envoy.filters.network.tcp_proxy");
        assertThat(chain.getFilters(0).getTypedConfig().is(SniCluster.class)).isTrue();
        TcpProxy proxy = chain.getFilters(1).getTypedConfig().unpack(TcpProxy.class);
        assertThat(proxy.getStatPrefix()).isEqualTo("tcp");
        assertThat(proxy.getClusterSpecifierCase()).isEqualTo(ClusterSpecifierCase.CLUSTER);
        assertThat(proxy.getCluster()).isEmpty();
    }

    @Test
    void singleDestinationChainProxiesToItsCluster() throws InvalidProtocolBufferException {
        SniChain single = new SniChain(
                "api", List.of("api.example.com"), "gloo-system_api", null, false, List.of("http/1.1"), BLUE);

        FilterChain chain = Listeners.tcp(tcpListener(single)).getFilterChains(0);

        assertThat(chain.getFiltersList())
                .extracting(Filter::getName)
                .containsExactly("envoy.filters.network.tcp_proxy");
        assertThat(chain.getFilters(0).getTypedConfig().unpack(TcpProxy.class).getCluster())
                .isEqualTo(BLUE);
        DownstreamTlsContext tls = chain.getTransportSocket().getTypedConfig().unpack(DownstreamTlsContext.class);
        assertThat(tls.getRequireClientCertificate()).isEqualTo(BoolValue.of(false));
        assertThat(tls.getCommonTlsContext().hasValidationContextSdsSecretConfig())
                .isFalse();
        assertThat(tls.getCommonTlsContext().getAlpnProtocolsList()).containsExactly("http/1.1");
    }

    @Test
    void gatewayWithNothingToForwardRefusesEveryConnection() {
        Listener listener = Listeners.tcp(tcpListener());

        assertThat(listener.getListenerFiltersList()).hasSize(1);
        assertThat(listener.hasDefaultFilterChain()).isFalse();
        assertThat(listener.getFilterChainsList()).singleElement().satisfies(chain -> {
            assertThat(chain.getFilterChainMatch().getServerNamesList()).containsExactly("no-failover-target.invalid");
            assertThat(chain.getFiltersList()).isEmpty();
            assertThat(chain.hasTransportSocket()).isFalse();
        });
    }

    @Test
    void noChainIsACatchAll() {
        Listener listener = Listeners.tcp(tcpListener(failoverChain(GREEN)));

        assertThat(listener.getFilterChainsList())
                .allSatisfy(chain -> assertThat(chain.getFilterChainMatch().getServerNamesList())
                        .isNotEmpty());
    }
}
