package dev.spillway.translator.resolve;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Collects the problems found on each resource while resolving; knows which ones are out. Problems are
 * gathered in lists and sorted once, when the statuses are read: a resource with thousands of problems
 * costs linear time, not a sort per problem.
 */
final class StatusBook {
    private final SortedMap<ResourceKey, State> states = new TreeMap<>();
    private final Map<ResourceKey, List<Problem>> problems = new HashMap<>();
    /** Resources rejected while resolving. A source's Rejected entry that still carries its last good
     * version is not here: that version keeps serving. */
    private final java.util.Set<ResourceKey> out = new java.util.HashSet<>();

    StatusBook(Map<ResourceKey, ResourceStatus> sourceStatuses) {
        sourceStatuses.forEach((key, status) -> {
            states.put(key, status.state());
            problems.put(key, new ArrayList<>(status.problems()));
        });
    }

    /** Makes sure the resource has a status (Accepted unless something is said about it). */
    void seen(ResourceKey key) {
        states.putIfAbsent(key, State.ACCEPTED);
    }

    void error(ResourceKey key, String field, String message) {
        out.add(key);
        add(key, Problem.error(key, field, message));
    }

    /** Rejects the resource for a reason that may pass by itself (FAILED: retried, not the user's fault). */
    void failed(ResourceKey key, String field, String message) {
        out.add(key);
        record(key, State.FAILED, Problem.error(key, field, message));
    }

    void warning(ResourceKey key, String field, String message) {
        add(key, Problem.warning(key, field, message));
    }

    /** Tells an Accepted resource something it should know, without a warning. */
    void note(ResourceKey key, String field, String message) {
        add(key, Problem.note(key, field, message));
    }

    void add(ResourceKey key, Problem problem) {
        record(key, ResourceStatus.of(List.of(problem)).state(), problem);
    }

    /** The state only gets worse. */
    private void record(ResourceKey key, State state, Problem problem) {
        states.merge(key, state, State::worst);
        problems.computeIfAbsent(key, k -> new ArrayList<>()).add(problem);
    }

    /** True when the resource was rejected while resolving and takes no part in the output. */
    boolean rejected(ResourceKey key) {
        return out.contains(key);
    }

    /** One resource's status now. */
    ResourceStatus status(ResourceKey key) {
        State state = states.get(key);
        return state == null ? null : new ResourceStatus(state, problems.getOrDefault(key, List.of()));
    }

    SortedMap<ResourceKey, ResourceStatus> snapshot() {
        SortedMap<ResourceKey, ResourceStatus> out = new TreeMap<>();
        states.forEach((key, state) -> out.put(key, new ResourceStatus(state, problems.getOrDefault(key, List.of()))));
        return out;
    }
}
