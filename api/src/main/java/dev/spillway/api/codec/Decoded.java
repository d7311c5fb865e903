package dev.spillway.api.codec;

import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.Problem;
import java.util.List;

/**
 * One YAML document after decoding and schema checks.
 *
 * @param key      identity of the resource the document describes
 * @param resource the decoded resource, or null when a schema error rejected it
 * @param problems schema errors and warnings, in document order
 */
public record Decoded(ResourceKey key, Resource resource, List<Problem> problems) {
    public Decoded {
        problems = List.copyOf(problems);
    }

    /** True when schema errors rejected the document. */
    public boolean rejected() {
        return resource == null;
    }
}
