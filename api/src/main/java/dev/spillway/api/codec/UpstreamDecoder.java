package dev.spillway.api.codec;

import dev.spillway.api.model.ConnectionOptions;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.LoadBalancerConfig;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Upstream;
import java.util.ArrayList;
import java.util.List;

/** {@code gloo.solo.io/v1 Upstream}. */
final class UpstreamDecoder {

    /** Gloo's static upstreams originate TLS to port 443 unless {@code useTls} says otherwise. */
    private static final int TLS_PORT = 443;

    private UpstreamDecoder() {}

    static Upstream decode(NodeReader document, ObjectMeta meta) {
        return document.requiredObject("spec", spec -> spec(spec, meta));
    }

    private static Upstream spec(NodeReader spec, ObjectMeta meta) {
        spec.exactlyOne("kube", "static");
        Upstream.KubeBackend kube = spec.object("kube", k -> kube(k, meta.namespace()));
        Upstream.StaticBackend statics = spec.object("static", UpstreamDecoder::statics);
        List<HealthCheck> healthChecks = spec.list("healthChecks", HealthCheckDecoder::decode);
        ConnectionConfigDecoder.Decoded connection = spec.object("connectionConfig", ConnectionConfigDecoder::decode);
        LoadBalancerConfig loadBalancer = spec.object("loadBalancerConfig", LoadBalancerDecoder::decode);
        Upstream.UpstreamSsl ssl = spec.object("sslConfig", s -> SslDecoder.upstream(s, meta.namespace()));
        Upstream.OutlierDetection outlier = spec.object("outlierDetection", UpstreamDecoder::outlierDetection);
        Upstream.CircuitBreakers breakers = spec.object("circuitBreakers", UpstreamDecoder::circuitBreakers);
        Upstream.Failover failover = spec.object("failover", f -> FailoverDecoder.decode(f, meta.namespace()));
        boolean useHttp2 = spec.has("useHttp2") && spec.bool("useHttp2");
        boolean ignoreHealthOnHostRemoval = spec.bool("ignoreHealthOnHostRemoval");
        spec.notSupported(
                "options",
                "initialStreamWindowSize",
                "initialConnectionWindowSize",
                "maxConcurrentStreams",
                "httpProxyHostname",
                "http2ProtocolOptions",
                "proxyProtocolVersion",
                "respectDnsTtl",
                "dnsRefreshRate",
                "protocolSelection",
                "aws",
                "azure",
                "consul",
                "pipe",
                "awsEc2",
                "gcp");
        boolean grpcCheck = healthChecks.stream().anyMatch(c -> c.grpc() != null);
        if (connection != null && connection.options().http1() != null && (useHttp2 || grpcCheck)) {
            spec.warn(
                    "connectionConfig.http1ProtocolOptions",
                    "is ignored: the cluster speaks HTTP/2 (useHttp2 or a grpcHealthCheck)");
        }
        // Written by Gloo's discovery; informational.
        spec.skip("discoveryMetadata");
        return new Upstream(
                meta,
                kube,
                statics,
                healthChecks,
                connection == null ? null : connection.connectTimeout(),
                ssl,
                outlier,
                breakers,
                false,
                useHttp2,
                loadBalancer,
                connection == null ? ConnectionOptions.NONE : connection.options(),
                ignoreHealthOnHostRemoval,
                failover);
    }

    private static Upstream.KubeBackend kube(NodeReader kube, String namespace) {
        String serviceName = kube.requiredString("serviceName");
        String serviceNamespace = kube.string("serviceNamespace");
        int servicePort = kube.requiredPort("servicePort");
        kube.notSupported("serviceSpec", "subsetSpec");
        return new Upstream.KubeBackend(
                serviceName,
                serviceNamespace.isEmpty() ? namespace : serviceNamespace,
                servicePort,
                kube.stringMap("selector"));
    }

    private static Upstream.StaticBackend statics(NodeReader statics) {
        List<Upstream.HostSettings> settings = new ArrayList<>();
        List<HostPort> hosts = statics.list("hosts", host -> {
            host.ignored(
                    "healthCheckConfig",
                    "is not supported: Envoy's HTTP health checker has no per-host path or method (Gloo Enterprise's "
                            + "advanced_http checker reads them); the Upstream's health check is used as written");
            host.notSupported("metadata");
            settings.add(
                    new Upstream.HostSettings(host.string("sniAddr"), host.integerAtLeast("loadBalancingWeight", 1)));
            return new HostPort(host.requiredString("addr"), host.requiredPort("port"));
        });
        statics.notSupported("serviceSpec");
        Boolean autoSniRewrite = statics.has("autoSniRewrite") ? statics.bool("autoSniRewrite") : null;
        boolean useTls =
                statics.has("useTls") ? statics.bool("useTls") : hosts.stream().anyMatch(h -> h.port() == TLS_PORT);
        return new Upstream.StaticBackend(
                hosts, useTls, settings.size() == hosts.size() ? settings : List.of(), autoSniRewrite);
    }

    /**
     * Every field of Gloo's OutlierDetection (projects/gloo/api/external/envoy/api/v2/cluster/outlier_detection.proto),
     * which Gloo copies into Envoy's one for one (ToEnvoyOutlierDetection, pkg/utils/api_conversion). The
     * percentages carry that proto's {@code lte: 100} rule; Envoy reads each with its own default when unset
     * (DetectorConfig::DetectorConfig, source/common/upstream/outlier_detection_impl.cc).
     */
    private static Upstream.OutlierDetection outlierDetection(NodeReader od) {
        return new Upstream.OutlierDetection(
                od.integerAtLeast("consecutive5xx", 0),
                od.positiveDuration("interval"),
                od.positiveDuration("baseEjectionTime"),
                od.integerIn("maxEjectionPercent", 0, 100),
                od.integerIn("enforcingConsecutive5xx", 0, 100),
                od.integerIn("enforcingSuccessRate", 0, 100),
                od.integerAtLeast("successRateMinimumHosts", 0),
                od.integerAtLeast("successRateRequestVolume", 0),
                od.integerAtLeast("successRateStdevFactor", 0),
                od.integerAtLeast("consecutiveGatewayFailure", 0),
                od.integerIn("enforcingConsecutiveGatewayFailure", 0, 100),
                od.bool("splitExternalLocalOriginErrors"),
                od.integerAtLeast("consecutiveLocalOriginFailure", 0),
                od.integerIn("enforcingConsecutiveLocalOriginFailure", 0, 100),
                od.integerIn("enforcingLocalOriginSuccessRate", 0, 100));
    }

    private static Upstream.CircuitBreakers circuitBreakers(NodeReader cb) {
        return new Upstream.CircuitBreakers(
                cb.integerAtLeast("maxConnections", 0),
                cb.integerAtLeast("maxPendingRequests", 0),
                cb.integerAtLeast("maxRequests", 0),
                cb.integerAtLeast("maxRetries", 0));
    }
}
