package dev.spillway.server.xds;

import dev.spillway.snapshot.SnapshotStore;
import java.util.concurrent.Executor;

/**
 * What every stream shares.
 *
 * @param store    the snapshots served
 * @param identity tells a node's group
 * @param nacks    where rejections go
 * @param metrics  where serving is reported
 * @param registry the open streams
 * @param subscriptions what the streams subscribe to, to wake only the concerned ones
 * @param authorizer decides whether a stream's peer may receive its group
 * @param executor runs the streams' work (each stream serially)
 */
record AdsContext(
        SnapshotStore store,
        ProxyIdentity identity,
        NackLog nacks,
        XdsMetrics metrics,
        StreamRegistry registry,
        SubscriptionIndex subscriptions,
        StreamAuthorizer authorizer,
        Executor executor) {}
