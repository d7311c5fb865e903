package dev.spillway.api.status;

import dev.spillway.api.model.ResourceKey;

/**
 * One fault found on a resource, as a value: never thrown.
 *
 * @param resource the resource at fault
 * @param field    the field path ({@code spec.healthChecks[0].interval}), empty for the whole resource
 * @param message  what is wrong ({@code must be greater than 0})
 * @param severity whether the resource is rejected, only warned about, or just told something
 */
public record Problem(ResourceKey resource, String field, String message, Severity severity)
        implements Comparable<Problem> {

    /** How bad a problem is. */
    public enum Severity {
        /** Information on an Accepted resource (what it does not publish, and why): no warning. */
        NOTE,
        WARNING,
        ERROR
    }

    public static Problem error(ResourceKey resource, String field, String message) {
        return new Problem(resource, field, message, Severity.ERROR);
    }

    public static Problem warning(ResourceKey resource, String field, String message) {
        return new Problem(resource, field, message, Severity.WARNING);
    }

    public static Problem note(ResourceKey resource, String field, String message) {
        return new Problem(resource, field, message, Severity.NOTE);
    }

    /** {@code Upstream gloo-system/blue: spec.healthChecks[0].interval must be greater than 0}. */
    public String text() {
        return resource.display() + ": " + detail();
    }

    /** The problem without the resource: {@code spec.healthChecks[0].interval must be greater than 0}. */
    public String detail() {
        return field.isEmpty() ? message : field + " " + message;
    }

    @Override
    public int compareTo(Problem o) {
        int c = resource.compareTo(o.resource);
        if (c != 0) {
            return c;
        }
        c = o.severity.compareTo(severity);
        // The same resource: ordering by detail is ordering by text, without building the texts.
        return c != 0 ? c : detail().compareTo(o.detail());
    }

    @Override
    public String toString() {
        return text();
    }
}
