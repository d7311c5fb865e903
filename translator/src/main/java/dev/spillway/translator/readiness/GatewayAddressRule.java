package dev.spillway.translator.readiness;

import dev.spillway.api.model.GatewayAddress;
import dev.spillway.api.status.Condition;
import dev.spillway.translator.resolve.FailoverOutcome;

/** Where a tier's target is reached, and from what its source learned that address. */
final class GatewayAddressRule {
    static final String TYPE = "GatewayAddressResolved";

    private GatewayAddressRule() {}

    static Condition check(FailoverOutcome.Target target, GatewayAddress address) {
        String at = target.address() + ":" + target.port();
        if (!target.viaGateway()) {
            return Condition.met(
                    TYPE,
                    "FlatNetwork",
                    "cluster " + target.cluster() + " is a flat network: endpoints reached at " + at);
        }
        String reason = switch (address.origin()) {
            case LOADBALANCER_INGRESS -> "LoadBalancerIngress";
            case NODE_PORT -> "NodePort";
            case WRITTEN, NONE -> "WrittenAddress";
        };
        return Condition.met(TYPE, reason, at + " from the " + target.addressFrom());
    }
}
