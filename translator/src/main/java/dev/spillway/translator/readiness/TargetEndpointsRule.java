package dev.spillway.translator.readiness;

import dev.spillway.api.status.Condition;
import dev.spillway.translator.resolve.FailoverOutcome;

/**
 * The target upstream has endpoints in its own cluster: with none, the failover gateway accepts the
 * connection and has nowhere to send it (tcp_proxy closes it), while the primary's health check of the
 * gateway address may still pass.
 */
final class TargetEndpointsRule {
    static final String TYPE = "TargetHasEndpoints";

    private TargetEndpointsRule() {}

    static Condition check(FailoverOutcome.Target target) {
        int n = target.upstreamEndpoints().size();
        String upstream = "Upstream " + target.upstream() + " on cluster " + target.cluster();
        if (n == 0) {
            return Condition.failed(TYPE, "NoEndpoints", upstream + " has no endpoints");
        }
        return Condition.met(
                TYPE,
                "Endpoints",
                upstream + " has " + n + (n == 1 ? " endpoint " : " endpoints ") + target.upstreamEndpoints());
    }
}
