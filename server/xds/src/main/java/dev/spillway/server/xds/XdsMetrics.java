package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;

/**
 * What the xDS server reports as it serves; every method does nothing unless overridden. Called on stream
 * threads, so implementations must be thread-safe and quick.
 */
public interface XdsMetrics {
    /** Reports nothing. */
    XdsMetrics NONE = new XdsMetrics() {};

    /** A stream identified its proxy (on its first request carrying a node). */
    default void onStreamOpened(ProxyGroup group, String protocol) {}

    /** A stream that had identified its proxy ended. */
    default void onStreamClosed(ProxyGroup group, String protocol) {}

    /** A response of {@code bytes} serialized bytes was sent. */
    default void onPush(ProxyGroup group, XdsType type, int bytes) {}

    /** A proxy accepted a response, {@code nanosSincePush} after it was sent. */
    default void onAck(ProxyGroup group, XdsType type, String version, long nanosSincePush) {}

    /** A reconnected proxy already held the current version of a type: nothing of it was sent again. */
    default void onResumed(ProxyGroup group, XdsType type) {}

    /** A proxy rejected a response. */
    default void onNack(NackRecord nack) {}

    /** The server failed on a request of a stream, and ended the stream with INTERNAL. */
    default void onStreamFailed(String protocol, RuntimeException cause) {}
}
