package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one proxy reported in one LoadStatsRequest: the load of some of its clusters over its last interval.
 *
 * @param group    the proxy's group
 * @param nodeId   the proxy's node id
 * @param at       when the report arrived
 * @param clusters the load per cluster
 */
public record LoadReport(ProxyGroup group, String nodeId, Instant at, List<ClusterLoad> clusters) {
    public LoadReport {
        clusters = List.copyOf(clusters);
    }

    /**
     * One cluster's load.
     *
     * @param cluster    the Envoy cluster name
     * @param interval   the interval the counts cover, as the proxy measured it
     * @param localities the counts per locality and priority; localities without requests are left out
     */
    public record ClusterLoad(String cluster, Duration interval, List<LocalityLoad> localities) {
        public ClusterLoad {
            localities = List.copyOf(localities);
        }
    }

    /**
     * The requests of one locality at one priority.
     *
     * @param region   locality region
     * @param zone     locality zone
     * @param subZone  locality sub-zone
     * @param priority the priority of the host set: Envoy's LoadStatsReporter sets it, gRPC leaves it 0
     * @param requests the requests sent there during the interval
     */
    public record LocalityLoad(String region, String zone, String subZone, int priority, long requests) {}
}
