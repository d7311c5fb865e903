package dev.spillway.server.source.kube;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the Kubernetes source watches its clusters.
 *
 * @param namespaces      namespaces to watch in every cluster; empty for all namespaces
 * @param syncTimeout     how long {@link KubeSource#start()} waits for the first full read of every
 *                        cluster before serving without the ones that are not read yet
 * @param staleAfter      how long a cluster's watches may stay down before its resources are marked stale
 *                        (a watch reconnecting after a routine close takes well under this)
 * @param checkInterval   how often the watches' health is checked
 * @param resolveInterval how often LoadBalancer hostnames of failover gateways are resolved again
 */
public record KubeSourceOptions(
        List<String> namespaces,
        Duration syncTimeout,
        Duration staleAfter,
        Duration checkInterval,
        Duration resolveInterval) {

    /** All namespaces; 30 s to sync, stale after 5 s down, checked every second, hostnames every 10 s. */
    public static final KubeSourceOptions DEFAULTS = new KubeSourceOptions(
            List.of(), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(10));

    public KubeSourceOptions {
        namespaces = List.copyOf(namespaces).stream().distinct().sorted().toList();
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        requirePositive(staleAfter, "staleAfter");
        requirePositive(checkInterval, "checkInterval");
        requirePositive(resolveInterval, "resolveInterval");
    }

    /** True when every namespace is watched. */
    public boolean allNamespaces() {
        return namespaces.isEmpty();
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
