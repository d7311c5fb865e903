package dev.spillway.snapshot;

import dev.spillway.api.ContentHash;
import java.util.SortedMap;

/**
 * All resources of one type for one proxy group.
 *
 * @param version   hash of every resource's name and version, in blocks (for endpoints, also the clusters' version)
 * @param resources resources by name
 */
public record TypeSnapshot(String version, SortedMap<String, PreparedResource> resources) {
    public TypeSnapshot {
        if (!(resources instanceof IndexedResources)) {
            resources = new IndexedResources(resources);
        }
    }

    /**
     * The snapshot of these resources, its version the hash of the salt and {@link IndexedResources#versionText}:
     * the same resources give the same version on every replica and after a restart.
     */
    static TypeSnapshot of(SortedMap<String, PreparedResource> resources, String salt) {
        IndexedResources indexed = resources instanceof IndexedResources i ? i : new IndexedResources(resources);
        ContentHash.Text text = ContentHash.text().append(salt).append("\n");
        indexed.versionText(text);
        return new TypeSnapshot(text.hash(ContentHash.VERSION_LENGTH), indexed);
    }
}
