package dev.spillway.translator.xds;

import dev.spillway.translator.model.ApiListener;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.HttpSettings;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.TcpListener.SniChain;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.listener.v3.ListenerFilter;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.sni_cluster.v3.SniCluster;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import java.util.Set;

/** HTTP listeners (connection manager with routes over RDS) and TLS-terminating TCP listeners. */
final class Listeners {
    static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
    static final String ROUTER = "envoy.filters.http.router";
    static final String TLS_INSPECTOR = "envoy.filters.listener.tls_inspector";
    static final String SNI_CLUSTER = "envoy.filters.network.sni_cluster";
    static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
    /** Under {@code .invalid} (RFC 2606), a name no client legitimately sends. */
    static final String REFUSING_SNI = "no-failover-target.invalid";

    private Listeners() {}

    static Listener http(HttpListener listener) {
        Listener.Builder b =
                Listener.newBuilder().setName(listener.name()).setAddress(address(listener.address(), listener.port()));
        if (listener.tlsChains() != null) {
            return HttpsFilterChains.addTo(b, listener.tlsChains(), listener.settings(), routeFilters(listener))
                    .build();
        }
        return b.addFilterChains(FilterChain.newBuilder()
                        .addFilters(connectionManager(
                                listener.routeConfigName(), listener.settings(), routeFilters(listener))))
                .build();
    }

    /** The per-route filters a gateway listener runs: those its virtual hosts configure. */
    static Set<RouteFilter> routeFilters(HttpListener listener) {
        return RouteFilter.usedBy(listener.virtualHosts());
    }

    /** The per-route filters a proxyless client's listener runs. */
    static Set<RouteFilter> routeFilters(ApiListener listener) {
        return RouteFilter.proxyless(RouteFilter.usedBy(List.of(listener.virtualHost())));
    }

    /** The HTTP connection manager, with its routes over RDS. */
    static Filter connectionManager(String routeConfigName, HttpSettings settings, Set<RouteFilter> routeFilters) {
        return filter(HTTP_CONNECTION_MANAGER, ConnectionManagers.of(routeConfigName, settings, routeFilters));
    }

    /**
     * A proxyless gRPC client's listener: no socket, just the connection manager as {@code api_listener}
     * (https://github.com/grpc/proposal/blob/master/A27-xds-global-load-balancing.md).
     */
    static Listener api(String name, String routeConfigName, Set<RouteFilter> routeFilters) {
        HttpConnectionManager.Builder hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix("grpc")
                .setRds(Rds.newBuilder().setConfigSource(Protos.ads()).setRouteConfigName(routeConfigName));
        routeFilters.forEach(f -> hcm.addHttpFilters(
                HttpFilter.newBuilder().setName(f.filterName).setTypedConfig(Protos.any(f.listenerConfig))));
        hcm.addHttpFilters(
                HttpFilter.newBuilder().setName(ROUTER).setTypedConfig(Protos.any(Router.getDefaultInstance())));
        return Listener.newBuilder()
                .setName(name)
                .setApiListener(io.envoyproxy.envoy.config.listener.v3.ApiListener.newBuilder()
                        .setApiListener(Protos.any(hcm.build())))
                .build();
    }

    static Listener tcp(TcpListener listener) {
        Listener.Builder b =
                Listener.newBuilder().setName(listener.name()).setAddress(address(listener.address(), listener.port()));
        // Only TLS chains match on SNI (Gloo adds the inspector only with sslConfig); the refusing chain does too.
        if (!listener.chains().isEmpty() || listener.plainChains().isEmpty()) {
            b.addListenerFilters(tlsInspector());
        }
        listener.chains().forEach(chain -> b.addFilterChains(sniChain(chain, listener.settings())));
        listener.plainChains().forEach(chain -> b.addFilterChains(plainChain(chain, listener.settings())));
        if (listener.chains().isEmpty() && listener.plainChains().isEmpty()) {
            b.addFilterChains(refusingChain());
        }
        return b.build();
    }

    /** Gloo's plain tcpHost: no match and no TLS, a tcp_proxy to one cluster or weighted clusters. */
    private static FilterChain plainChain(TcpListener.PlainChain chain, TcpListener.TcpSettings settings) {
        TcpProxy.Builder proxy = TcpProxy.newBuilder().setStatPrefix("tcp");
        if (chain.weighted()) {
            TcpProxy.WeightedCluster.Builder weighted = TcpProxy.WeightedCluster.newBuilder();
            chain.destinations()
                    .forEach(d -> weighted.addClusters(TcpProxy.WeightedCluster.ClusterWeight.newBuilder()
                            .setName(d.cluster())
                            .setWeight(d.weight())));
            proxy.setWeightedClusters(weighted);
        } else {
            proxy.setCluster(chain.destinations().get(0).cluster());
        }
        return FilterChain.newBuilder()
                .setName(chain.name())
                .addFilters(filter(TCP_PROXY, withSettings(proxy, settings)))
                .build();
    }

    /** Gloo's tcp plugin sets tcpProxySettings on every tcp_proxy of the Gateway (plugin.go tcpProxyFilters). */
    private static TcpProxy withSettings(TcpProxy.Builder proxy, TcpListener.TcpSettings settings) {
        if (settings.maxConnectAttempts() != null) {
            proxy.setMaxConnectAttempts(Protos.uint32(settings.maxConnectAttempts()));
        }
        if (settings.idleTimeout() != null) {
            proxy.setIdleTimeout(Protos.duration(settings.idleTimeout()));
        }
        return proxy.build();
    }

    /**
     * Envoy rejects a TCP listener without filter chains ("no filter chains specified", ListenerImpl), so
     * a gateway with nothing to forward gets one chain only an impossible SNI selects, with no filters:
     * every other connection finds no chain and is closed, and a catch-all chain never exists.
     */
    static FilterChain refusingChain() {
        return FilterChain.newBuilder()
                .setName("refuse-all")
                .setFilterChainMatch(FilterChainMatch.newBuilder().addServerNames(REFUSING_SNI))
                .build();
    }

    private static FilterChain sniChain(SniChain chain, TcpListener.TcpSettings settings) {
        return FilterChain.newBuilder()
                .setName(chain.name())
                .setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(chain.serverNames()))
                .setTransportSocket(TlsContexts.transportSocket(TlsContexts.downstream(chain)))
                .addAllFilters(
                        chain.healthAnswer() != null
                                ? List.of(HealthAnswers.connectionManager(chain.name(), chain.healthAnswer()))
                                : forwardingFilters(chain.forwardCluster(), settings))
                .build();
    }

    /** Reads the ClientHello so filter chains can match on SNI; without it every chain sees no SNI. */
    static ListenerFilter tlsInspector() {
        return ListenerFilter.newBuilder()
                .setName(TLS_INSPECTOR)
                .setTypedConfig(Protos.any(TlsInspector.getDefaultInstance()))
                .build();
    }

    private static List<Filter> forwardingFilters(String forwardCluster, TcpListener.TcpSettings settings) {
        if (forwardCluster != null) {
            return List.of(filter(TCP_PROXY, tcpProxy(forwardCluster, settings)));
        }
        // tcp_proxy's cluster_specifier must be set, and sni_cluster overrides it per connection through
        // the envoy.tcp_proxy.cluster filter state, so the configured cluster is left empty rather than a
        // placeholder that could exist (as Gloo does; `cluster` has no min_len rule):
        // https://www.envoyproxy.io/docs/envoy/latest/configuration/listeners/network_filters/sni_cluster_filter
        return List.of(filter(SNI_CLUSTER, SniCluster.getDefaultInstance()), filter(TCP_PROXY, tcpProxy("", settings)));
    }

    private static TcpProxy tcpProxy(String cluster, TcpListener.TcpSettings settings) {
        return withSettings(TcpProxy.newBuilder().setStatPrefix("tcp").setCluster(cluster), settings);
    }

    private static Filter filter(String name, com.google.protobuf.Message config) {
        return Filter.newBuilder()
                .setName(name)
                .setTypedConfig(Protos.any(config))
                .build();
    }

    /** Bound to {@code ::}, the listener also accepts IPv4 clients, as Gloo's default gateways do. */
    private static Address address(String address, int port) {
        return Address.newBuilder()
                .setSocketAddress(SocketAddress.newBuilder()
                        .setAddress(address)
                        .setPortValue(port)
                        .setIpv4Compat("::".equals(address)))
                .build();
    }
}
