package dev.spillway.server.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A proxy group's resources built by hand, fluently:
 * {@code XdsConfig.of().upstream("blue", "10.0.0.1").listener(8080, "blue").resources()}.
 */
final class XdsConfig {
    private static final ConfigSource ADS = ConfigSource.newBuilder()
            .setAds(AggregatedConfigSource.getDefaultInstance())
            .build();

    private final List<Message> clusters = new ArrayList<>();
    private final List<Message> endpoints = new ArrayList<>();
    private final List<Message> listeners = new ArrayList<>();
    private final List<Message> routes = new ArrayList<>();
    private final Map<String, String> edsServiceNames = new TreeMap<>();
    private final List<Message> secrets = new ArrayList<>();

    static XdsConfig of() {
        return new XdsConfig();
    }

    /** An EDS cluster (connect timeout 5 s) and its endpoints. */
    XdsConfig upstream(String name, String... ips) {
        return upstream(name, 5, ips);
    }

    XdsConfig upstream(String name, int connectTimeoutSeconds, String... ips) {
        clusters.add(Cluster.newBuilder()
                .setName(name)
                .setType(Cluster.DiscoveryType.EDS)
                .setConnectTimeout(Durations.fromSeconds(connectTimeoutSeconds))
                .setEdsClusterConfig(Cluster.EdsClusterConfig.newBuilder()
                        .setServiceName(name)
                        .setEdsConfig(ADS))
                .build());
        edsServiceNames.put(name, name);
        ClusterLoadAssignment.Builder cla = ClusterLoadAssignment.newBuilder().setClusterName(name);
        LocalityLbEndpoints.Builder locality = LocalityLbEndpoints.newBuilder();
        for (String ip : ips) {
            locality.addLbEndpoints(LbEndpoint.newBuilder()
                    .setEndpoint(Endpoint.newBuilder()
                            .setAddress(Address.newBuilder()
                                    .setSocketAddress(SocketAddress.newBuilder()
                                            .setAddress(ip)
                                            .setPortValue(10000)))));
        }
        endpoints.add(cla.addEndpoints(locality).build());
        return this;
    }

    /** An EDS cluster whose TLS transport socket validates with the SDS secret {@code caSecret}. */
    XdsConfig tlsUpstream(String name, String caSecret, String... ips) {
        upstream(name, ips);
        Cluster plain = (Cluster) clusters.remove(clusters.size() - 1);
        UpstreamTlsContext tls = UpstreamTlsContext.newBuilder()
                .setSni(name)
                .setCommonTlsContext(CommonTlsContext.newBuilder()
                        .setValidationContextSdsSecretConfig(
                                SdsSecretConfig.newBuilder().setName(caSecret).setSdsConfig(ADS)))
                .build();
        clusters.add(plain.toBuilder()
                .setTransportSocket(TransportSocket.newBuilder()
                        .setName("envoy.transport_sockets.tls")
                        .setTypedConfig(Any.pack(tls)))
                .build());
        return this;
    }

    /** An SDS validation-context secret; {@code ca} stands for a CA bundle (no key material). */
    XdsConfig caSecret(String name, String ca) {
        secrets.add(Secret.newBuilder()
                .setName(name)
                .setValidationContext(CertificateValidationContext.newBuilder()
                        .setTrustedCa(DataSource.newBuilder().setInlineString(ca)))
                .build());
        return this;
    }

    /** An HTTP listener on {@code port} whose RDS route config sends everything to {@code cluster}. */
    XdsConfig listener(int port, String cluster) {
        return listener(port, "listener-::-" + port + "-routes", cluster);
    }

    /** An HTTP listener on {@code port} whose RDS route config {@code routeName} sends everything to {@code cluster}. */
    XdsConfig listener(int port, String routeName, String cluster) {
        String name = "listener-::-" + port;
        HttpConnectionManager hcm = HttpConnectionManager.newBuilder()
                .setStatPrefix("http")
                .setRds(Rds.newBuilder().setRouteConfigName(routeName).setConfigSource(ADS))
                .build();
        listeners.add(Listener.newBuilder()
                .setName(name)
                .setAddress(Address.newBuilder()
                        .setSocketAddress(
                                SocketAddress.newBuilder().setAddress("::").setPortValue(port)))
                .addFilterChains(FilterChain.newBuilder()
                        .addFilters(Filter.newBuilder()
                                .setName("envoy.filters.network.http_connection_manager")
                                .setTypedConfig(Any.pack(hcm))))
                .build());
        routes.add(RouteConfiguration.newBuilder()
                .setName(routeName)
                .addVirtualHosts(VirtualHost.newBuilder()
                        .setName("gloo-system_default")
                        .addDomains("*")
                        .addRoutes(Route.newBuilder()
                                .setMatch(RouteMatch.newBuilder().setPrefix("/"))
                                .setRoute(RouteAction.newBuilder().setCluster(cluster))))
                .build());
        return this;
    }

    Map<XdsType, List<? extends Message>> resources() {
        Map<XdsType, List<? extends Message>> map = new EnumMap<>(XdsType.class);
        map.put(XdsType.CLUSTER, List.copyOf(clusters));
        map.put(XdsType.ENDPOINT, List.copyOf(endpoints));
        map.put(XdsType.LISTENER, List.copyOf(listeners));
        map.put(XdsType.ROUTE, List.copyOf(routes));
        map.put(XdsType.SECRET, List.copyOf(secrets));
        return map;
    }

    /** The EDS service name of every cluster, by cluster name, as a translation gives them. */
    Map<String, String> edsServiceNames() {
        return Map.copyOf(edsServiceNames);
    }

    /** The EDS service names of packed clusters: what Envoy subscribes to after CDS. */
    static List<String> edsNames(List<Any> clusters) {
        return clusters.stream()
                .map(a -> unpack(a, Cluster.class).getEdsClusterConfig().getServiceName())
                .toList();
    }

    /** The RDS names of packed listeners: what Envoy subscribes to after LDS. */
    static List<String> rdsNames(List<Any> listeners) {
        return listeners.stream()
                .flatMap(a -> unpack(a, Listener.class).getFilterChainsList().stream())
                .flatMap(chain -> chain.getFiltersList().stream())
                .map(f -> unpack(f.getTypedConfig(), HttpConnectionManager.class)
                        .getRds()
                        .getRouteConfigName())
                .toList();
    }

    static <T extends Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
