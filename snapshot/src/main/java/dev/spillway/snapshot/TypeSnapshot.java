package dev.spillway.snapshot;

import dev.spillway.api.ContentHash;
import java.util.SortedMap;

/**
 * All resources of one type for one proxy group.
 *
 * @param version   hash of every resource's name and version (for endpoints, also the clusters' version)
 * @param resources resources by name
 */
public record TypeSnapshot(String version, SortedMap<String, PreparedResource> resources) {
    public TypeSnapshot {
        if (!(resources instanceof IndexedResources)) {
            resources = new IndexedResources(resources);
        }
    }

    static TypeSnapshot of(SortedMap<String, PreparedResource> resources, String salt) {
        StringBuilder text = new StringBuilder(salt).append('\n');
        resources
                .values()
                .forEach(r ->
                        text.append(r.name()).append('=').append(r.version()).append('\n'));
        return new TypeSnapshot(ContentHash.of(text.toString(), ContentHash.VERSION_LENGTH), resources);
    }
}
