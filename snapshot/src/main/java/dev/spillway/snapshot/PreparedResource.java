package dev.spillway.snapshot;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import dev.spillway.api.ContentHash;
import dev.spillway.translator.xds.ProtoBytes;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One resource ready to send: packed into an {@link Any} once per version and shared by every stream.
 *
 * @param name    the resource name
 * @param version content hash of the resource: the same on every replica and after a restart
 * @param message the resource
 * @param any     the resource packed for the wire
 * @param delta   the resource as a delta response carries it: name, version and {@code any}
 */
public record PreparedResource(String name, String version, Message message, Any any, Resource delta) {

    private static final Map<String, ByteString> TYPE_URLS = new ConcurrentHashMap<>();

    public PreparedResource(String name, String version, Message message, Any any) {
        this(name, version, message, any, deltaResource(name, version, any));
    }

    static PreparedResource of(String name, Message message) {
        byte[] bytes = ProtoBytes.deterministic(message);
        String version = ContentHash.of(bytes, ContentHash.VERSION_LENGTH);
        return new PreparedResource(name, version, message, pack(message, bytes));
    }

    /**
     * What {@link Any#pack} makes, with the type URL held as bytes: every response to every stream writes each
     * resource's type URL, and a {@code String} field is UTF-8 encoded again on each write, a {@code ByteString}
     * one only copied. The value is the deterministic serialization the version was hashed from.
     */
    private static Any pack(Message message, byte[] bytes) {
        ByteString typeUrl = TYPE_URLS.computeIfAbsent(
                message.getDescriptorForType().getFullName(),
                type -> ByteString.copyFromUtf8("type.googleapis.com/" + type));
        return Any.newBuilder()
                .setTypeUrlBytes(typeUrl)
                .setValue(UnsafeByteOperations.unsafeWrap(bytes))
                .build();
    }

    /**
     * Built once per version and shared by every delta stream, with its strings held as UTF-8 bytes: a thousand
     * streams connecting at once each send ten thousand of these, and a message built per stream would have its
     * size computed and its strings encoded again every time.
     */
    private static Resource deltaResource(String name, String version, Any any) {
        return Resource.newBuilder()
                .setNameBytes(ByteString.copyFromUtf8(name))
                .setVersionBytes(ByteString.copyFromUtf8(version))
                .setResource(any)
                .build();
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
