package dev.spillway.translator.resolve;

import dev.spillway.api.model.ConnectionOptions;
import dev.spillway.api.model.LoadBalancerConfig;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.ClusterTuning;
import java.time.Duration;

/** An Upstream's loadBalancerConfig, connectionConfig and host-removal setting as the model's. */
final class ClusterTunings {
    private ClusterTunings() {}

    static ClusterTuning of(Upstream upstream) {
        return new ClusterTuning(
                loadBalancing(upstream.loadBalancer()),
                connection(upstream.connection()),
                upstream.ignoreHealthOnHostRemoval());
    }

    private static ClusterTuning.LoadBalancing loadBalancing(LoadBalancerConfig lb) {
        if (lb == null) {
            return null;
        }
        LoadBalancerConfig.SlowStart ss = lb.slowStart();
        return new ClusterTuning.LoadBalancing(
                lb.healthyPanicThreshold(),
                lb.updateMergeWindow(),
                lb.policy() == null
                        ? null
                        : ClusterTuning.Policy.valueOf(lb.policy().name()),
                lb.choiceCount(),
                ss == null ? null : new ClusterTuning.SlowStart(ss.window(), ss.aggression(), ss.minWeightPercent()),
                lb.minimumRingSize(),
                lb.maximumRingSize(),
                lb.localityWeighted(),
                lb.useHostnameForHashing(),
                lb.closeConnectionsOnHostSetChange());
    }

    private static ClusterTuning.Connection connection(ConnectionOptions c) {
        ConnectionOptions.TcpKeepalive k = c.tcpKeepalive();
        ConnectionOptions.CommonHttp h = c.commonHttp();
        ConnectionOptions.Http1 h1 = c.http1();
        return new ClusterTuning.Connection(
                c.maxRequestsPerConnection(),
                k == null ? null : new ClusterTuning.Keepalive(k.probes(), seconds(k.time()), seconds(k.interval())),
                c.perConnectionBufferLimitBytes(),
                h == null
                        ? null
                        : new ClusterTuning.CommonHttp(
                                h.idleTimeout(),
                                h.maxHeadersCount(),
                                h.maxStreamDuration(),
                                h.headersWithUnderscoresAction()),
                h1 == null
                        ? null
                        : new ClusterTuning.Http1(
                                h1.enableTrailers(),
                                h1.headerKeyFormat().name(),
                                h1.overrideStreamErrorOnInvalidHttpMessage()));
    }

    /**
     * Whole seconds, rounded up as Gloo's upstreamconn plugin does (roundToSecond); zero stays unset, as a
     * zero keepalive time or interval is no setting the kernel takes.
     */
    private static Integer seconds(Duration d) {
        if (d == null || d.isZero()) {
            return null;
        }
        long whole = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, whole);
    }
}
