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
        ContentHash.Text text = ContentHash.text().append(salt).append("\n");
        for (PreparedResource r : resources.values()) {
            text.append(r.name()).append("=").append(r.version()).append("\n");
        }
        return new TypeSnapshot(text.hash(ContentHash.VERSION_LENGTH), resources);
    }
}
