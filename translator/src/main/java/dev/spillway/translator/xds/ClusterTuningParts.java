package dev.spillway.translator.xds;

import static dev.spillway.translator.xds.Protos.duration;
import static dev.spillway.translator.xds.Protos.uint32;

import com.google.protobuf.UInt64Value;
import dev.spillway.translator.model.ClusterTuning;
import dev.spillway.translator.model.UpstreamCluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.UpstreamConnectionOptions;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.HeadersWithUnderscoresAction;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;
import io.envoyproxy.envoy.config.core.v3.TcpKeepalive;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import io.envoyproxy.envoy.type.v3.Percent;

/**
 * Load balancing and connection options of a cluster, as Gloo's loadbalancer and upstreamconn plugins
 * (projects/gloo/pkg/plugins/{loadbalancer,upstreamconn}/plugin.go) set them, except that HTTP options go
 * where Envoy now reads them: Cluster's own {@code common_http_protocol_options},
 * {@code http_protocol_options} and {@code max_requests_per_connection} are deprecated for the
 * {@code envoy.extensions.upstreams.http.v3.HttpProtocolOptions} typed extension option, and Envoy refuses
 * a cluster that sets both (ClusterInfoImpl::createOptions, source/common/upstream/upstream_impl.cc).
 */
final class ClusterTuningParts {
    /** The stateful header formatter Gloo's ConvertHttp1 names for preserveCaseHeaderKeyFormat. */
    static final String PRESERVE_CASE = "envoy.http.stateful_header_formatters.preserve_case";

    private ClusterTuningParts() {}

    static void apply(Cluster.Builder b, UpstreamCluster cluster) {
        ClusterTuning tuning = cluster.tuning();
        if (tuning.loadBalancing() != null) {
            loadBalancing(b, cluster.name(), tuning.loadBalancing());
        }
        ClusterTuning.Connection c = tuning.connection();
        if (c.keepalive() != null) {
            b.setUpstreamConnectionOptions(
                    UpstreamConnectionOptions.newBuilder().setTcpKeepalive(keepalive(c.keepalive())));
        }
        if (c.perConnectionBufferLimitBytes() != null) {
            b.setPerConnectionBufferLimitBytes(uint32(c.perConnectionBufferLimitBytes()));
        }
        b.setIgnoreHealthOnHostRemoval(tuning.ignoreHealthOnHostRemoval());
    }

    /**
     * The typed HTTP protocol options, or null when the cluster keeps Envoy's HTTP/1.1 defaults. The
     * explicit protocol is required ({@code upstream_protocol_options}, {@code validate.required}).
     */
    static HttpProtocolOptions httpProtocolOptions(UpstreamCluster cluster) {
        ClusterTuning.Connection c = cluster.tuning().connection();
        boolean http2 = cluster.protocol() == UpstreamCluster.Protocol.HTTP2;
        if (!http2 && c.http1() == null && c.commonHttp() == null && c.maxRequestsPerConnection() == null) {
            return null;
        }
        HttpProtocolOptions.ExplicitHttpConfig.Builder explicit = HttpProtocolOptions.ExplicitHttpConfig.newBuilder();
        if (http2) {
            explicit.setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance());
        } else {
            explicit.setHttpProtocolOptions(
                    c.http1() == null ? Http1ProtocolOptions.getDefaultInstance() : http1(c.http1()));
        }
        HttpProtocolOptions.Builder b = HttpProtocolOptions.newBuilder().setExplicitHttpConfig(explicit);
        if (c.commonHttp() != null || c.maxRequestsPerConnection() != null) {
            b.setCommonHttpProtocolOptions(commonHttp(c.commonHttp(), c.maxRequestsPerConnection()));
        }
        return b.build();
    }

    private static void loadBalancing(Cluster.Builder b, String clusterName, ClusterTuning.LoadBalancing lb) {
        Cluster.CommonLbConfig.Builder common = Cluster.CommonLbConfig.newBuilder();
        boolean anyCommon = false;
        if (lb.healthyPanicThreshold() != null) {
            common.setHealthyPanicThreshold(percent(lb.healthyPanicThreshold()));
            anyCommon = true;
        }
        if (lb.updateMergeWindow() != null) {
            common.setUpdateMergeWindow(duration(lb.updateMergeWindow()));
            anyCommon = true;
        }
        if (lb.localityWeighted()) {
            common.setLocalityWeightedLbConfig(Cluster.CommonLbConfig.LocalityWeightedLbConfig.getDefaultInstance());
            anyCommon = true;
        }
        if (lb.closeConnectionsOnHostSetChange()) {
            common.setCloseConnectionsOnHostSetChange(true);
            anyCommon = true;
        }
        if (lb.useHostnameForHashing()) {
            common.setConsistentHashingLbConfig(Cluster.CommonLbConfig.ConsistentHashingLbConfig.newBuilder()
                    .setUseHostnameForHashing(true));
            anyCommon = true;
        }
        if (anyCommon) {
            b.setCommonLbConfig(common);
        }
        if (lb.policy() != null) {
            policy(b, clusterName, lb);
        }
    }

    private static void policy(Cluster.Builder b, String clusterName, ClusterTuning.LoadBalancing lb) {
        switch (lb.policy()) {
            case ROUND_ROBIN -> {
                b.setLbPolicy(Cluster.LbPolicy.ROUND_ROBIN);
                if (lb.slowStart() != null) {
                    b.setRoundRobinLbConfig(Cluster.RoundRobinLbConfig.newBuilder()
                            .setSlowStartConfig(slowStart(clusterName, lb.slowStart())));
                }
            }
            case LEAST_REQUEST -> {
                b.setLbPolicy(Cluster.LbPolicy.LEAST_REQUEST);
                if (lb.choiceCount() != null || lb.slowStart() != null) {
                    Cluster.LeastRequestLbConfig.Builder lr = Cluster.LeastRequestLbConfig.newBuilder();
                    if (lb.choiceCount() != null) {
                        lr.setChoiceCount(uint32(lb.choiceCount()));
                    }
                    if (lb.slowStart() != null) {
                        lr.setSlowStartConfig(slowStart(clusterName, lb.slowStart()));
                    }
                    b.setLeastRequestLbConfig(lr);
                }
            }
            case RANDOM -> b.setLbPolicy(Cluster.LbPolicy.RANDOM);
            // Gloo always writes a ring hash config, empty when no size is given.
            case RING_HASH -> {
                b.setLbPolicy(Cluster.LbPolicy.RING_HASH);
                Cluster.RingHashLbConfig.Builder rh = Cluster.RingHashLbConfig.newBuilder();
                if (lb.minimumRingSize() != null) {
                    rh.setMinimumRingSize(UInt64Value.of(lb.minimumRingSize()));
                }
                if (lb.maximumRingSize() != null) {
                    rh.setMaximumRingSize(UInt64Value.of(lb.maximumRingSize()));
                }
                b.setRingHashLbConfig(rh);
            }
            case MAGLEV -> b.setLbPolicy(Cluster.LbPolicy.MAGLEV);
        }
    }

    /** Gloo's runtime key for the aggression: {@code upstream.<cluster>.slowStart.aggression}. */
    private static Cluster.SlowStartConfig slowStart(String clusterName, ClusterTuning.SlowStart ss) {
        Cluster.SlowStartConfig.Builder b = Cluster.SlowStartConfig.newBuilder();
        if (ss.window() != null) {
            b.setSlowStartWindow(duration(ss.window()));
        }
        if (ss.aggression() != null) {
            b.setAggression(RuntimeDouble.newBuilder()
                    .setDefaultValue(ss.aggression())
                    .setRuntimeKey("upstream." + clusterName + ".slowStart.aggression"));
        }
        if (ss.minWeightPercent() != null) {
            b.setMinWeightPercent(percent(ss.minWeightPercent()));
        }
        return b.build();
    }

    private static TcpKeepalive keepalive(ClusterTuning.Keepalive k) {
        TcpKeepalive.Builder b = TcpKeepalive.newBuilder();
        if (k.probes() != null) {
            b.setKeepaliveProbes(uint32(k.probes()));
        }
        if (k.timeSeconds() != null) {
            b.setKeepaliveTime(uint32(k.timeSeconds()));
        }
        if (k.intervalSeconds() != null) {
            b.setKeepaliveInterval(uint32(k.intervalSeconds()));
        }
        return b.build();
    }

    private static io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions commonHttp(
            ClusterTuning.CommonHttp h, Integer maxRequestsPerConnection) {
        var b = io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
        if (maxRequestsPerConnection != null) {
            b.setMaxRequestsPerConnection(uint32(maxRequestsPerConnection));
        }
        if (h == null) {
            return b.build();
        }
        if (h.idleTimeout() != null) {
            b.setIdleTimeout(duration(h.idleTimeout()));
        }
        if (h.maxHeadersCount() != null) {
            b.setMaxHeadersCount(uint32(h.maxHeadersCount()));
        }
        if (h.maxStreamDuration() != null) {
            b.setMaxStreamDuration(duration(h.maxStreamDuration()));
        }
        return b.setHeadersWithUnderscoresAction(HeadersWithUnderscoresAction.valueOf(h.headersWithUnderscoresAction()))
                .build();
    }

    private static Http1ProtocolOptions http1(ClusterTuning.Http1 h) {
        Http1ProtocolOptions.Builder b = Http1ProtocolOptions.newBuilder().setEnableTrailers(h.enableTrailers());
        if (h.overrideStreamErrorOnInvalidHttpMessage() != null) {
            b.setOverrideStreamErrorOnInvalidHttpMessage(Protos.bool(h.overrideStreamErrorOnInvalidHttpMessage()));
        }
        switch (h.headerKeyFormat()) {
            case "PROPER_CASE" ->
                b.setHeaderKeyFormat(Http1ProtocolOptions.HeaderKeyFormat.newBuilder()
                        .setProperCaseWords(Http1ProtocolOptions.HeaderKeyFormat.ProperCaseWords.getDefaultInstance()));
            case "PRESERVE_CASE" ->
                b.setHeaderKeyFormat(Http1ProtocolOptions.HeaderKeyFormat.newBuilder()
                        .setStatefulFormatter(TypedExtensionConfig.newBuilder()
                                .setName(PRESERVE_CASE)
                                .setTypedConfig(Protos.any(PreserveCaseFormatterConfig.getDefaultInstance()))));
            default -> {}
        }
        return b.build();
    }

    private static Percent percent(double value) {
        return Percent.newBuilder().setValue(value).build();
    }
}
