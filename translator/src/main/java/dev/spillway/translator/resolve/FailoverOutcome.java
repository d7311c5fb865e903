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
 */
public record FailoverOutcome(ResourceKey scheme, String primary, List<Target> targets) {
    public FailoverOutcome {
        targets = List.copyOf(targets);
    }

    /**
     * One target and where the primary's proxies reach it.
     *
     * @param priority   Envoy priority (failover group index + 1)
     * @param cluster    federation cluster of the target
     * @param upstream   the target upstream
     * @param address    endpoint address (failover gateway, or the target's own on a flat network)
     * @param port       endpoint port
     * @param viaGateway true when reached over mTLS through the failover gateway
     */
    public record Target(
            int priority, String cluster, ResourceRef upstream, String address, int port, boolean viaGateway) {}
}
