package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Collects the problems found on each resource while resolving; knows which ones are out. */
final class StatusBook {
    private final SortedMap<ResourceKey, ResourceStatus> statuses = new TreeMap<>();
    /** Resources rejected while resolving. A source's Rejected entry that still carries its last good
     * version is not here: that version keeps serving. */
    private final java.util.Set<ResourceKey> out = new java.util.HashSet<>();

    StatusBook(Map<ResourceKey, ResourceStatus> sourceStatuses) {
        statuses.putAll(sourceStatuses);
    }

    /** Makes sure the resource has a status (Accepted unless something is said about it). */
    void seen(ResourceKey key) {
        statuses.putIfAbsent(key, ResourceStatus.ACCEPTED);
    }

    void error(ResourceKey key, String field, String message) {
        out.add(key);
        add(key, Problem.error(key, field, message));
    }

    /** Rejects the resource for a reason that may pass by itself (FAILED: retried, not the user's fault). */
    void failed(ResourceKey key, String field, String message) {
        out.add(key);
        Problem problem = Problem.error(key, field, message);
        statuses.merge(
                key,
                new ResourceStatus(dev.spillway.api.status.State.FAILED, List.of(problem)),
                (a, b) -> new ResourceStatus(
                        a.state().worst(dev.spillway.api.status.State.FAILED), concat(a.problems(), b.problems())));
    }

    private static List<Problem> concat(List<Problem> a, List<Problem> b) {
        List<Problem> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    void warning(ResourceKey key, String field, String message) {
        add(key, Problem.warning(key, field, message));
    }

    /** Tells an Accepted resource something it should know, without a warning. */
    void note(ResourceKey key, String field, String message) {
        add(key, Problem.note(key, field, message));
    }

    void add(ResourceKey key, Problem problem) {
        statuses.merge(key, ResourceStatus.of(List.of(problem)), (a, b) -> a.with(b.problems()));
    }

    /** True when the resource was rejected while resolving and takes no part in the output. */
    boolean rejected(ResourceKey key) {
        return out.contains(key);
    }

    SortedMap<ResourceKey, ResourceStatus> snapshot() {
        return new TreeMap<>(statuses);
    }
}
