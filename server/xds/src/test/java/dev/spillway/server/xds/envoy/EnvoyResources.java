package dev.spillway.server.xds.envoy;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.core.v3.TransportSocket;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.CommonTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** What Envoy reads from a resource: its name, and the names it makes Envoy subscribe to. */
public final class EnvoyResources {
    private EnvoyResources() {}

    /** The message type of an xDS type URL. */
    static Class<? extends Message> messageType(String typeUrl) {
        return switch (typeUrl.substring(typeUrl.lastIndexOf('/') + 1)) {
            case "envoy.config.cluster.v3.Cluster" -> Cluster.class;
            case "envoy.config.endpoint.v3.ClusterLoadAssignment" -> ClusterLoadAssignment.class;
            case "envoy.config.listener.v3.Listener" -> Listener.class;
            case "envoy.config.route.v3.RouteConfiguration" -> RouteConfiguration.class;
            case "envoy.extensions.transport_sockets.tls.v3.Secret" -> Secret.class;
            default -> throw new IllegalArgumentException("not an xDS type Envoy subscribes to here: " + typeUrl);
        };
    }

    static Message unpack(Any any, String typeUrl) throws InvalidProtocolBufferException {
        return any.unpack(messageType(typeUrl));
    }

    /** The resource's name as {@code Config::Utility} reads it for each type. */
    static String name(Message m) {
        if (m instanceof Cluster c) {
            return c.getName();
        } else if (m instanceof ClusterLoadAssignment cla) {
            return cla.getClusterName();
        } else if (m instanceof Listener l) {
            return l.getName();
        } else if (m instanceof RouteConfiguration r) {
            return r.getName();
        } else if (m instanceof Secret s) {
            return s.getName();
        }
        throw new IllegalArgumentException(m.getClass().getName());
    }

    /** The EDS name a cluster subscribes to ({@code EdsClusterImpl::edsServiceName}), or null for non-EDS clusters. */
    static String edsServiceName(Cluster c) {
        if (c.getType() != Cluster.DiscoveryType.EDS) {
            return null;
        }
        String service = c.getEdsClusterConfig().getServiceName();
        return service.isEmpty() ? c.getName() : service;
    }

    /** The SDS secrets a cluster's transport socket names ({@code SdsApi} providers it creates). */
    public static Set<String> secretNames(Cluster c) {
        Set<String> names = new TreeSet<>();
        if (c.hasTransportSocket()) {
            addSecrets(c.getTransportSocket(), names);
        }
        c.getTransportSocketMatchesList().forEach(m -> addSecrets(m.getTransportSocket(), names));
        return names;
    }

    /** The SDS secrets a listener's filter chains name. */
    static Set<String> secretNames(Listener l) {
        Set<String> names = new TreeSet<>();
        for (FilterChain chain : chains(l)) {
            if (chain.hasTransportSocket()) {
                addSecrets(chain.getTransportSocket(), names);
            }
        }
        return names;
    }

    /** The RDS route configurations a listener's HTTP connection managers name. */
    public static Set<String> routeNames(Listener l) {
        Set<String> names = new TreeSet<>();
        for (FilterChain chain : chains(l)) {
            for (Filter f : chain.getFiltersList()) {
                if (f.hasTypedConfig() && f.getTypedConfig().is(HttpConnectionManager.class)) {
                    HttpConnectionManager hcm = unpackQuietly(f.getTypedConfig(), HttpConnectionManager.class);
                    if (hcm.hasRds()) {
                        names.add(hcm.getRds().getRouteConfigName());
                    }
                }
            }
        }
        if (l.hasApiListener() && l.getApiListener().getApiListener().is(HttpConnectionManager.class)) {
            HttpConnectionManager hcm = unpackQuietly(l.getApiListener().getApiListener(), HttpConnectionManager.class);
            if (hcm.hasRds()) {
                names.add(hcm.getRds().getRouteConfigName());
            }
        }
        return names;
    }

    /**
     * The hosts of an assignment, by priority, as {@code EdsClusterImpl::BatchUpdateHelper::updateLocalityEndpoints}
     * (source/extensions/clusters/eds/eds.cc) keeps them: "when the configuration contains duplicate hosts, only the
     * first one will be retained", across localities and priorities, by address.
     */
    public static SortedMap<Integer, List<String>> hosts(ClusterLoadAssignment cla) {
        SortedMap<Integer, List<String>> byPriority = new TreeMap<>();
        Set<String> all = new HashSet<>();
        for (LocalityLbEndpoints locality : cla.getEndpointsList()) {
            for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
                String address = address(endpoint.getEndpoint().getAddress().getSocketAddress());
                if (all.add(address)) {
                    byPriority
                            .computeIfAbsent(locality.getPriority(), p -> new ArrayList<>())
                            .add(address);
                }
            }
        }
        return byPriority;
    }

    /** {@code Network::Address::Instance::asString}: {@code ip:port}, IPv6 in brackets. */
    static String address(SocketAddress a) {
        String ip = a.getAddress().contains(":") ? "[" + a.getAddress() + "]" : a.getAddress();
        return ip + ":" + a.getPortValue();
    }

    private static List<FilterChain> chains(Listener l) {
        List<FilterChain> chains = new ArrayList<>(l.getFilterChainsList());
        if (l.hasDefaultFilterChain()) {
            chains.add(l.getDefaultFilterChain());
        }
        return chains;
    }

    private static void addSecrets(TransportSocket socket, Set<String> into) {
        Any config = socket.getTypedConfig();
        CommonTlsContext common;
        if (config.is(UpstreamTlsContext.class)) {
            common = unpackQuietly(config, UpstreamTlsContext.class).getCommonTlsContext();
        } else if (config.is(DownstreamTlsContext.class)) {
            common = unpackQuietly(config, DownstreamTlsContext.class).getCommonTlsContext();
        } else {
            return;
        }
        common.getTlsCertificateSdsSecretConfigsList().stream()
                .map(SdsSecretConfig::getName)
                .forEach(into::add);
        if (common.hasValidationContextSdsSecretConfig()) {
            into.add(common.getValidationContextSdsSecretConfig().getName());
        }
        if (common.hasCombinedValidationContext()
                && common.getCombinedValidationContext().hasValidationContextSdsSecretConfig()) {
            into.add(common.getCombinedValidationContext()
                    .getValidationContextSdsSecretConfig()
                    .getName());
        }
    }

    private static <T extends Message> T unpackQuietly(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
