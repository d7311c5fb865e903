package dev.spillway.server.xds.envoy;

import java.time.Duration;

/**
 * How an {@link EnvoyProxy} behaves.
 *
 * @param delta                 incremental xDS ({@code NewGrpcMuxImpl}) instead of state of the world ({@code GrpcMuxImpl})
 * @param nodeOnEveryRequest    false models {@code ads_config.set_node_on_first_message_only}: the node goes on the
 *                              first request of each stream only ({@code GrpcMuxImpl::sendDiscoveryRequest})
 * @param processingDelay       how long the main thread takes to apply a CDS or LDS response before it sends the
 *                              EDS/RDS subscription for the new names (a large config takes Envoy that long)
 * @param initialFetchTimeout   Envoy's default {@code ConfigSource.initial_fetch_timeout}: any wait for a resource that
 *                              reaches it fails the test
 * @param holdLdsAckWhileWarming hold the LDS ACK while listeners warm, as {@code ClusterManagerImpl::updateClusterCounts}
 *                              holds CDS's (Envoy itself ACKs LDS when {@code LdsApiImpl::onConfigUpdate} returns;
 *                              holding it proves the server never makes RDS wait on LDS)
 * @param reconnectBackoff      wait before a new stream after the old one ended ({@code GrpcStream::onRemoteClose})
 */
public record EnvoyOptions(
        boolean delta,
        boolean nodeOnEveryRequest,
        Duration processingDelay,
        Duration initialFetchTimeout,
        boolean holdLdsAckWhileWarming,
        Duration reconnectBackoff) {

    /** State of the world, node on the first request only, 200 ms to process CDS/LDS, the 15 s timeout. */
    public static EnvoyOptions stateOfTheWorld() {
        return new EnvoyOptions(
                false, false, Duration.ofMillis(200), Duration.ofSeconds(15), true, Duration.ofMillis(100));
    }

    /** Like {@link #stateOfTheWorld()} over delta xDS. */
    public static EnvoyOptions incremental() {
        return stateOfTheWorld().withDelta(true);
    }

    public EnvoyOptions withDelta(boolean value) {
        return new EnvoyOptions(
                value,
                nodeOnEveryRequest,
                processingDelay,
                initialFetchTimeout,
                holdLdsAckWhileWarming,
                reconnectBackoff);
    }

    public EnvoyOptions withNodeOnEveryRequest(boolean value) {
        return new EnvoyOptions(
                delta, value, processingDelay, initialFetchTimeout, holdLdsAckWhileWarming, reconnectBackoff);
    }

    public EnvoyOptions withProcessingDelay(Duration value) {
        return new EnvoyOptions(
                delta, nodeOnEveryRequest, value, initialFetchTimeout, holdLdsAckWhileWarming, reconnectBackoff);
    }

    public EnvoyOptions withInitialFetchTimeout(Duration value) {
        return new EnvoyOptions(
                delta, nodeOnEveryRequest, processingDelay, value, holdLdsAckWhileWarming, reconnectBackoff);
    }

    public EnvoyOptions withHoldLdsAckWhileWarming(boolean value) {
        return new EnvoyOptions(
                delta, nodeOnEveryRequest, processingDelay, initialFetchTimeout, value, reconnectBackoff);
    }
}
