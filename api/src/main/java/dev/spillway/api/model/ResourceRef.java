package dev.spillway.api.model;

/**
 * A reference to another resource in the same cluster ({@code {name, namespace}} in YAML).
 *
 * @param name      the referenced resource's name
 * @param namespace its namespace
 */
public record ResourceRef(String name, String namespace) implements Comparable<ResourceRef> {

    @Override
    public int compareTo(ResourceRef o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
