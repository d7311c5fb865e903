package dev.spillway.api.status;

import java.util.List;
import java.util.Optional;

/**
 * Whether one tier of a FailoverScheme would carry traffic: the primary (priority 0) or one target of a
 * failover group.
 *
 * @param priority   Envoy priority: 0 for the primary, failover group index + 1 for a target
 * @param cluster    federation cluster of the tier's upstream
 * @param upstream   the upstream, {@code namespace/name}
 * @param conditions the checks, in a fixed order
 */
public record TierReadiness(int priority, String cluster, String upstream, List<Condition> conditions) {
    public TierReadiness {
        conditions = List.copyOf(conditions);
    }

    /** True when no check blocks. */
    public boolean ready() {
        return conditions.stream().noneMatch(Condition::blocks);
    }

    /** The first check that blocks, if any. */
    public Optional<Condition> firstBlocking() {
        return conditions.stream().filter(Condition::blocks).findFirst();
    }

    /** {@code tier 1 remote/gloo-system/default-service-green-10000}. */
    public String display() {
        return "tier " + priority + " " + cluster + "/" + upstream;
    }
}
