package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import java.util.List;

/**
 * The result of one accepted FailoverScheme, for status reports.
 *
 * @param scheme  the scheme
 * @param primary Envoy cluster name of the primary, with its federation cluster
 * @param targets every target with the endpoint chosen for it
 * @param traffic what the scheme's thresholds do
 */
public record FailoverOutcome(ResourceKey scheme, String primary, List<Target> targets, Traffic traffic) {
    public FailoverOutcome {
        targets = List.copyOf(targets);
    }

    /**
     * The scheme's thresholds as Envoy applies them to the primary's cluster.
     *
     * @param overprovisioningFactor       the assignment's factor in percent (Envoy's 140 when not set)
     * @param failoverThresholdPercent     a tier keeps all its traffic while at least this share is healthy
     * @param healthyPanicThresholdPercent Envoy's panic threshold in whole percent, per priority
     * @param panicThresholdFrom           who set it: {@code FailoverScheme} or {@code Envoy's default}
     * @param whenTrafficMoves             the same, in words, per priority
     */
    public record Traffic(
            int overprovisioningFactor,
            java.math.BigDecimal failoverThresholdPercent,
            int healthyPanicThresholdPercent,
            String panicThresholdFrom,
            String whenTrafficMoves) {}

    /**
     * One target and where the primary's proxies reach it.
     *
     * @param priority   Envoy priority (failover group index + 1)
     * @param cluster    federation cluster of the target
     * @param upstream   the target upstream
     * @param address    endpoint address (failover gateway, or the target's own on a flat network)
     * @param port       endpoint port
     * @param viaGateway true when reached over mTLS through the failover gateway
     * @param sni         the SNI sent to the gateway (the target's Envoy cluster name), empty on a flat network
     * @param addressFrom where the gateway address comes from, in words; empty on a flat network
     * @param upstreamEndpoints the target upstream's own endpoints in its cluster ({@code ip:port}), sorted
     */
    public record Target(
            int priority,
            String cluster,
            ResourceRef upstream,
            String address,
            int port,
            boolean viaGateway,
            String sni,
            String addressFrom,
            List<String> upstreamEndpoints) {
        public Target {
            upstreamEndpoints = List.copyOf(upstreamEndpoints);
        }

        public Target(
                int priority, String cluster, ResourceRef upstream, String address, int port, boolean viaGateway) {
            this(priority, cluster, upstream, address, port, viaGateway, "", "", List.of());
        }
    }
}
