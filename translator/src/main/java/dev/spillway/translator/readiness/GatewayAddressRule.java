package dev.spillway.translator.readiness;

import dev.spillway.api.status.Condition;
import dev.spillway.translator.resolve.FailoverOutcome;

/** Where a tier's target is reached, and from what that address was learned. */
final class GatewayAddressRule {
    static final String TYPE = "GatewayAddressResolved";

    private GatewayAddressRule() {}

    /**
     * @param discovered true when the Cluster's failoverAddress was discovered in Kubernetes, not written
     */
    static Condition check(FailoverOutcome.Target target, boolean discovered) {
        String at = target.address() + ":" + target.port();
        if (!target.viaGateway()) {
            return Condition.met(
                    TYPE,
                    "FlatNetwork",
                    "cluster " + target.cluster() + " is a flat network: endpoints reached at " + at);
        }
        String from = target.addressFrom();
        if (from.startsWith("LoadBalancer")) {
            return Condition.met(TYPE, "LoadBalancerIngress", at + " from the " + from);
        }
        if (discovered) {
            return Condition.met(
                    TYPE,
                    "DiscoveredService",
                    at + " discovered from the Service with a port named failover on cluster " + target.cluster());
        }
        return Condition.met(TYPE, "WrittenAddress", at + " from the " + from);
    }
}
