package dev.spillway.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.spillway.api.ContentHash;
import dev.spillway.translator.xds.ProtoBytes;

/**
 * One resource ready to send: packed into an {@link Any} once per version and shared by every stream.
 *
 * @param name    the resource name
 * @param version content hash of the resource: the same on every replica and after a restart
 * @param message the resource
 * @param any     the resource packed for the wire
 */
public record PreparedResource(String name, String version, Message message, Any any) {

    static PreparedResource of(String name, Message message) {
        String version = ContentHash.of(ProtoBytes.deterministic(message), ContentHash.VERSION_LENGTH);
        return new PreparedResource(name, version, message, Any.pack(message));
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
