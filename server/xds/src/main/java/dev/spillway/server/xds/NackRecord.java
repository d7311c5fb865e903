package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import java.time.Instant;
import java.util.List;

/**
 * A response a proxy rejected ({@code error_detail} set); the proxy keeps its last good config.
 *
 * @param at            when the rejection arrived
 * @param nodeId        the rejecting proxy's {@code node.id}
 * @param group         the proxy's group
 * @param protocol      {@code sotw} or {@code delta}
 * @param type          the rejected type
 * @param version       the rejected version (the one Spillway sent)
 * @param nonce         the nonce of the rejected response
 * @param resourceNames the resources in the rejected response
 * @param message       the proxy's {@code error_detail.message}
 */
public record NackRecord(
        Instant at,
        String nodeId,
        ProxyGroup group,
        String protocol,
        XdsType type,
        String version,
        String nonce,
        List<String> resourceNames,
        String message) {
    public NackRecord {
        resourceNames = List.copyOf(resourceNames);
    }
}
