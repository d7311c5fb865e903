package dev.spillway.api.status;

import dev.spillway.api.model.ResourceKey;
import java.util.Map;
import java.util.StringJoiner;

/** The one-line-per-resource form of statuses: {@code <State> <Kind> <cluster>/<namespace>/<name>[: <reason>]}. */
public final class StatusLines {
    private StatusLines() {}

    /** One line for one resource. */
    public static String line(ResourceKey key, ResourceStatus status) {
        // The line already names the resource, so each problem is given without it.
        String reason =
                status.problems().stream().map(Problem::detail).collect(java.util.stream.Collectors.joining("; "));
        return status.state().label(key.kind()) + " " + key.kind().displayName() + " " + key.path()
                + (reason.isEmpty() ? "" : ": " + reason);
    }

    /** Every line, in key order, each ending with a newline. */
    public static String render(Map<ResourceKey, ResourceStatus> statuses) {
        StringJoiner out = new StringJoiner("\n", "", statuses.isEmpty() ? "" : "\n");
        new java.util.TreeMap<>(statuses).forEach((k, s) -> out.add(line(k, s)));
        return out.toString();
    }

    /** True when any resource is Rejected, INVALID or FAILED. */
    public static boolean anyError(Map<ResourceKey, ResourceStatus> statuses) {
        return statuses.values().stream().anyMatch(s -> s.state().isError());
    }
}
