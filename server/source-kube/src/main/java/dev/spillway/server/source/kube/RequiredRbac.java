package dev.spillway.server.source.kube;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The Kubernetes RBAC rules the Kubernetes source, upstream discovery, the status writer and the leader election need
 * in every cluster, derived from {@link WatchedKind}: what {@code deploy/} grants must be exactly this.
 */
public final class RequiredRbac {

    /** Verbs an informer needs. */
    public static final List<String> READ = List.of("get", "list", "watch");
    /** Verbs the status writer needs on a {@code <plural>/status} subresource. */
    public static final List<String> STATUS = List.of("get", "patch", "update");
    /** Verbs upstream discovery needs on Upstreams besides reading them ({@link UpstreamWriter}). */
    public static final List<String> DISCOVERY = List.of("create", "patch", "delete");
    /** Verbs the leader election needs on its Lease. */
    public static final List<String> LEASE = List.of("create", "get", "update");
    /** The Lease's API group. */
    public static final String COORDINATION_GROUP = "coordination.k8s.io";

    private RequiredRbac() {}

    /**
     * One RBAC rule.
     *
     * @param apiGroup the API group, empty for the core group
     * @param resource the resource ({@code upstreams}, {@code upstreams/status}, {@code leases})
     * @param verbs    the verbs, sorted
     */
    public record Rule(String apiGroup, String resource, List<String> verbs) implements Comparable<Rule> {
        private static final Comparator<Rule> ORDER =
                Comparator.comparing(Rule::apiGroup).thenComparing(Rule::resource);

        public Rule {
            verbs = verbs.stream().sorted().distinct().toList();
        }

        @Override
        public int compareTo(Rule other) {
            return ORDER.compare(this, other);
        }
    }

    /** Every rule, sorted by API group and resource. */
    public static SortedSet<Rule> rules() {
        SortedSet<Rule> rules = new TreeSet<>();
        for (WatchedKind kind : WatchedKind.values()) {
            List<String> verbs = new java.util.ArrayList<>(READ);
            if (kind == WatchedKind.UPSTREAM) {
                verbs.addAll(DISCOVERY);
            }
            rules.add(new Rule(kind.group(), kind.plural(), verbs));
            if (kind.statusWritten()) {
                rules.add(new Rule(kind.group(), kind.plural() + "/status", STATUS));
            }
        }
        rules.add(new Rule(COORDINATION_GROUP, "leases", LEASE));
        return rules;
    }

    /** The rule for a resource, if any. */
    public static Optional<Rule> rule(String apiGroup, String resource) {
        return rules().stream()
                .filter(r -> r.apiGroup().equals(apiGroup) && r.resource().equals(resource))
                .findFirst();
    }
}
