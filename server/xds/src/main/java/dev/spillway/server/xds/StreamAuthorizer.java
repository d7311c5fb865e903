package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a stream's peer may receive its node's group, once the group is known and before
 * anything is sent.
 */
@FunctionalInterface
public interface StreamAuthorizer {
    /** Every peer may receive every group: no client certificates are asked for. */
    StreamAuthorizer ANYONE = (peer, group) -> Optional.empty();

    /** Why the peer may not receive the group, or empty when it may. */
    Optional<String> denial(XdsPeer peer, ProxyGroup group);

    /**
     * Peers must present a client certificate whose {@link SpiffeId} in {@code trustDomain} covers the group.
     */
    static StreamAuthorizer spiffe(String trustDomain) {
        return (peer, group) -> {
            List<SpiffeId> ids = peer.uris().stream()
                    .flatMap(u -> SpiffeId.parse(u).stream())
                    .filter(id -> id.trustDomain().equals(trustDomain))
                    .toList();
            if (ids.stream().anyMatch(id -> id.covers(group))) {
                return Optional.empty();
            }
            String who = ids.isEmpty()
                    ? peer.describe() + " (no spiffe://" + trustDomain + "/cluster/... URI SAN)"
                    : "certificate identity " + ids.get(0).uri();
            return Optional.of(who + " may not receive group " + group + " (it needs "
                    + SpiffeId.of(trustDomain, group).uri() + " or the cluster-wide "
                    + new SpiffeId(trustDomain, group.cluster(), SpiffeId.ANY_PROXY).uri() + ")");
        };
    }
}
