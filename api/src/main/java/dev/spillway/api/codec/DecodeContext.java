package dev.spillway.api.codec;

import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What decoding one document has found so far: its problems, and the object readers whose unread
 * fields become the single "unknown fields" warning at the end.
 */
final class DecodeContext {

    private final ResourceKey key;
    private final boolean reportUnknownFields;
    private final List<Problem> problems = new ArrayList<>();
    private final List<NodeReader> readers = new ArrayList<>();

    /**
     * @param key                 the resource problems are reported on
     * @param reportUnknownFields false for Kubernetes-owned kinds, whose schema the API server checks
     */
    DecodeContext(ResourceKey key, boolean reportUnknownFields) {
        this.key = key;
        this.reportUnknownFields = reportUnknownFields;
    }

    ResourceKey key() {
        return key;
    }

    void error(String field, String message) {
        problems.add(Problem.error(key, field, message));
    }

    void warn(String field, String message) {
        problems.add(Problem.warning(key, field, message));
    }

    boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
    }

    /** Remembers a reader so its unread fields can be reported. */
    void track(NodeReader reader) {
        readers.add(reader);
    }

    /** Every problem in the order found, then the unknown-fields warning if any. */
    List<Problem> problems() {
        List<Problem> all = new ArrayList<>(problems);
        if (reportUnknownFields) {
            TreeSet<String> unknown = new TreeSet<>();
            readers.forEach(r -> unknown.addAll(r.unreadFields()));
            if (!unknown.isEmpty()) {
                all.add(Problem.warning(key, "", "unknown fields ignored: " + String.join(", ", unknown)));
            }
        }
        return all;
    }
}
