package dev.spillway.api.model;

import java.util.List;
import java.util.Map;

/**
 * {@code fed.solo.io/v1 FailoverScheme}: a primary upstream and prioritized groups of upstreams in
 * other clusters.
 *
 * @param meta                   metadata
 * @param primary                the primary upstream
 * @param failoverGroups         groups in priority order: group 0 is Envoy priority 1
 * @param overprovisioningFactor Envoy's overprovisioning factor (percent), or null for Envoy's 140
 * @param failoverThreshold      {@code failoverThreshold.percentage}: traffic stays on a tier while at least
 *                               this share (0 < P <= 100) of its hosts is healthy; null when not set
 * @param healthyPanicThreshold  Envoy's healthy panic threshold (percent, 0..100) for the primary's cluster,
 *                               or null for the Upstream's own or Envoy's 50
 * @param remoteHealthCheck      {@code remoteHealthCheck.minHealthyPercentage}: the primary's health checks
 *                               reach each target behind a failover gateway as a whole, healthy while at least
 *                               this share (0..100) of its endpoints is healthy there; null when not set
 */
public record FailoverScheme(
        ObjectMeta meta,
        Target primary,
        List<FailoverGroup> failoverGroups,
        Integer overprovisioningFactor,
        Double failoverThreshold,
        Double healthyPanicThreshold,
        Double remoteHealthCheck)
        implements Resource {

    public FailoverScheme {
        failoverGroups = List.copyOf(failoverGroups);
    }

    /** A scheme whose health checks reach each failover gateway endpoint as they reach any host. */
    public FailoverScheme(
            ObjectMeta meta,
            Target primary,
            List<FailoverGroup> failoverGroups,
            Integer overprovisioningFactor,
            Double failoverThreshold,
            Double healthyPanicThreshold) {
        this(meta, primary, failoverGroups, overprovisioningFactor, failoverThreshold, healthyPanicThreshold, null);
    }

    /** A scheme without thresholds. */
    public FailoverScheme(
            ObjectMeta meta, Target primary, List<FailoverGroup> failoverGroups, Integer overprovisioningFactor) {
        this(meta, primary, failoverGroups, overprovisioningFactor, null, null, null);
    }

    @Override
    public Kind kind() {
        return Kind.FAILOVER_SCHEME;
    }

    @Override
    public FailoverScheme withMeta(ObjectMeta m) {
        return new FailoverScheme(
                m,
                primary,
                failoverGroups,
                overprovisioningFactor,
                failoverThreshold,
                healthyPanicThreshold,
                remoteHealthCheck);
    }

    /**
     * An upstream in a named cluster.
     *
     * @param cluster   federation cluster
     * @param upstream  upstream reference
     */
    public record Target(String cluster, ResourceRef upstream) {
        @Override
        public String toString() {
            return "Upstream " + upstream.name() + "." + upstream.namespace() + " on cluster " + cluster;
        }
    }

    /**
     * One {@code failoverGroups[]} entry: targets that share a priority.
     *
     * @param targets           targets in order
     * @param failoverThreshold this group's {@code failoverThreshold.percentage}, overriding the scheme's
     *                          for its tier; null when not set
     * @param localityWeights   {@code priorityGroup[].localityWeight} by target cluster, where given
     */
    public record FailoverGroup(List<Target> targets, Double failoverThreshold, Map<String, Integer> localityWeights) {
        public FailoverGroup {
            targets = List.copyOf(targets);
            localityWeights = Map.copyOf(localityWeights == null ? Map.of() : localityWeights);
        }

        /** A group without its own threshold or locality weights. */
        public FailoverGroup(List<Target> targets) {
            this(targets, null, Map.of());
        }
    }
}
