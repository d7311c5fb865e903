package dev.spillway.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;

/**
 * One resource ready to send: packed into an {@link Any} once per version and shared by every stream.
 *
 * @param name    the resource name
 * @param version content hash of the resource
 * @param message the resource
 * @param any     the resource packed for the wire
 */
public record PreparedResource(String name, String version, Message message, Any any) {

    static PreparedResource of(String name, Message message) {
        return new PreparedResource(name, ContentHash.of(message), message, Any.pack(message));
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
