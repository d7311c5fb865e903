package dev.spillway.server.writeback;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.util.List;
import java.util.Map;

/**
 * Everything one round of status writes shows, from one translation: its statuses, the inventory they were
 * computed from (which gives each object's {@code observedGeneration}), and what FailoverSchemes and their
 * primaries show beyond state and reason. Nothing in a round is read at another moment, so a status never
 * pairs one translation's state with another's targets or generation.
 *
 * @param inventory the inventory the translation was computed from
 * @param statuses  its statuses
 * @param details   its failover details
 */
public record StatusRound(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses, Details details) {
    public StatusRound {
        statuses = Map.copyOf(statuses);
    }

    /** A round without failover details. */
    public StatusRound(Inventory inventory, Map<ResourceKey, ResourceStatus> statuses) {
        this(inventory, statuses, Details.NONE);
    }

    /** What a status shows beyond state and reason. */
    public interface Details {
        Details NONE = new Details() {
            @Override
            public List<Map<String, Object>> targets(ResourceKey scheme) {
                return List.of();
            }

            @Override
            public Map<String, Object> failover(ResourceKey upstream) {
                return Map.of();
            }

            @Override
            public Map<String, Object> traffic(ResourceKey scheme) {
                return Map.of();
            }

            @Override
            public Map<String, Object> readiness(ResourceKey scheme) {
                return Map.of();
            }
        };

        /** A FailoverScheme's targets with the endpoint chosen for each. */
        List<Map<String, Object>> targets(ResourceKey scheme);

        /** A primary Upstream's failover: its scheme and targets; empty for other Upstreams. */
        Map<String, Object> failover(ResourceKey upstream);

        /** A FailoverScheme's traffic account (factor, thresholds, when traffic moves). */
        Map<String, Object> traffic(ResourceKey scheme);

        /** A FailoverScheme's readiness ({@code conditions}, {@code tiers}). */
        Map<String, Object> readiness(ResourceKey scheme);
    }
}
