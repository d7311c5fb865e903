package dev.spillway.api.model;

import java.util.List;

/**
 * {@code fed.solo.io/v1 FailoverScheme}: a primary upstream and prioritized groups of upstreams in
 * other clusters.
 *
 * @param meta                   metadata
 * @param primary                the primary upstream
 * @param failoverGroups         groups in priority order: group 0 is Envoy priority 1
 * @param overprovisioningFactor Envoy's overprovisioning factor (percent), or null for Envoy's 140
 */
public record FailoverScheme(
        ObjectMeta meta, Target primary, List<FailoverGroup> failoverGroups, Integer overprovisioningFactor)
        implements Resource {

    public FailoverScheme {
        failoverGroups = List.copyOf(failoverGroups);
    }

    @Override
    public Kind kind() {
        return Kind.FAILOVER_SCHEME;
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
     * @param targets targets in order
     */
    public record FailoverGroup(List<Target> targets) {
        public FailoverGroup {
            targets = List.copyOf(targets);
        }
    }
}
