package dev.spillway.translator.xds;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.clusters.aggregate.v3.ClusterConfig;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault;
import io.envoyproxy.envoy.extensions.filters.http.grpc_web.v3.GrpcWeb;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.sni_cluster.v3.SniCluster;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import io.envoyproxy.envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink;
import io.envoyproxy.envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig;
import io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;

/**
 * The one list of message types Spillway's output holds: the xDS resource types, and every type it
 * packs into an {@code Any} ({@code typed_config}). A builder that packs a new type adds it here, or
 * printing and field-rule checks fail on it.
 */
public final class EnvoyTypes {
    /** The top-level resource types, in xDS order (CDS, EDS, LDS, RDS, SDS). */
    public static final List<Descriptor> RESOURCES = List.of(
            Cluster.getDescriptor(),
            ClusterLoadAssignment.getDescriptor(),
            Listener.getDescriptor(),
            RouteConfiguration.getDescriptor(),
            Secret.getDescriptor());

    /** Every type that appears inside an {@code Any}. */
    public static final List<Descriptor> TYPED_CONFIGS = List.of(
            HttpConnectionManager.getDescriptor(),
            Router.getDescriptor(),
            TlsInspector.getDescriptor(),
            SniCluster.getDescriptor(),
            TcpProxy.getDescriptor(),
            UpstreamTlsContext.getDescriptor(),
            DownstreamTlsContext.getDescriptor(),
            HttpProtocolOptions.getDescriptor(),
            ClusterConfig.getDescriptor(),
            HealthCheckEventFileSink.getDescriptor(),
            PreserveCaseFormatterConfig.getDescriptor(),
            PreviousPrioritiesConfig.getDescriptor(),
            GrpcWeb.getDescriptor(),
            HTTPFault.getDescriptor(),
            Cors.getDescriptor(),
            CorsPolicy.getDescriptor(),
            io.envoyproxy.envoy.extensions.filters.http.health_check.v3.HealthCheck.getDescriptor());

    private static final TypeRegistry REGISTRY =
            TypeRegistry.newBuilder().add(RESOURCES).add(TYPED_CONFIGS).build();
    private static final JsonFormat.TypeRegistry JSON_REGISTRY = JsonFormat.TypeRegistry.newBuilder()
            .add(RESOURCES)
            .add(TYPED_CONFIGS)
            .build();

    private EnvoyTypes() {}

    /** For unpacking {@code Any} fields, e.g. when checking field rules inside typed configs. */
    public static TypeRegistry registry() {
        return REGISTRY;
    }

    /** For printing and parsing JSON with {@code @type} on every {@code Any}. */
    public static JsonFormat.TypeRegistry jsonRegistry() {
        return JSON_REGISTRY;
    }
}
