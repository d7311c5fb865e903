package dev.spillway.server.xds;

import java.util.Collection;
import java.util.List;

/** What one stream did with one xDS type: common to both protocols. Touched only on the stream's executor. */
class TypeState {
    /** The client asked for this type on this stream. */
    boolean requested;
    /** The nonce of the latest response, empty before the first. */
    String nonce = "";
    /**
     * The latest response is not yet answered (ACK or NACK): nothing more of this type is sent until it is, except
     * a CDS or LDS response the client cannot answer until it gets a newer one (see {@code AdsStream.supersedes}).
     */
    boolean awaitingAnswer;

    long sentAtNanos;
    /** The version of the latest response, null before the first. */
    String sentVersion;
    /** The resources in the latest response (a shared, unmodifiable view: never copied per stream). */
    Collection<String> sentNames = List.of();
    /** What the client subscribes to (the copy shared by every stream with the same, from the {@link SubscriptionIndex}). */
    SubscriptionIndex.Interest interest = SubscriptionIndex.Interest.NONE;
}
