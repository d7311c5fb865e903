package dev.spillway.server.failover;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import java.time.Instant;

/**
 * A move of a group's active tier for one FailoverScheme.
 *
 * @param scheme       the FailoverScheme
 * @param group        the proxy group
 * @param from         the tier that was active
 * @param to           the tier active now
 * @param at           when the move was seen
 * @param proxiesMoved the group's reporting proxies whose own active tier is {@code to}
 * @param proxies      the group's reporting proxies
 */
public record TierChange(
        ResourceKey scheme, ProxyGroup group, int from, int to, Instant at, int proxiesMoved, int proxies) {

    /** "traffic moved from tier 0 to tier 1 on 3 of 3 gateway-proxy proxies". */
    public String message() {
        String who = group.isProxyless() ? "proxyless gRPC clients" : group.proxy() + " proxies";
        return "traffic moved from tier " + from + " to tier " + to + " on " + proxiesMoved + " of " + proxies + " "
                + who;
    }
}
