package dev.spillway.server.xds;

import dev.spillway.snapshot.XdsType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which types a type's newer version waits for: only the types its resources refer to (make-before-break),
 * never the types that refer to it.
 *
 * <p>A type is <em>held</em> when it has something newer for the client but its previous response is not
 * answered yet. Envoy holds some answers on purpose: {@code ClusterManagerImpl::updateClusterCounts}
 * (source/common/upstream/cluster_manager_impl.cc) pauses CDS on the ADS mux while any cluster warms, and a
 * new or changed EDS cluster warms until its ClusterLoadAssignment arrives ({@code EdsClusterImpl::onConfigUpdate},
 * source/extensions/clusters/eds/eds.cc). So an EDS answer that waited on that CDS ACK would come only after
 * Envoy gave up at {@code initial_fetch_timeout} (15 s) and activated the cluster without endpoints. Likewise a
 * listener warms until its RouteConfiguration arrives ({@code ListenerManagerImpl::addOrUpdateListener},
 * source/common/listener_manager/listener_manager_impl.cc; the listener's init manager waits for the RDS
 * subscription), so RDS never waits on LDS. EDS, RDS and SDS answer names the client already asked for, for
 * clusters and listeners it already has.
 */
final class PushOrder {
    private static final Map<XdsType, Set<XdsType>> REFERS_TO = new EnumMap<>(XdsType.class);

    static {
        REFERS_TO.put(XdsType.SECRET, EnumSet.noneOf(XdsType.class));
        // Transport sockets name SDS secrets.
        REFERS_TO.put(XdsType.CLUSTER, EnumSet.of(XdsType.SECRET));
        REFERS_TO.put(XdsType.ENDPOINT, EnumSet.noneOf(XdsType.class));
        // Filter chains name secrets and (tcp_proxy) clusters, which must be warm with their endpoints.
        REFERS_TO.put(XdsType.LISTENER, EnumSet.of(XdsType.SECRET, XdsType.CLUSTER, XdsType.ENDPOINT));
        // Routes name clusters.
        REFERS_TO.put(XdsType.ROUTE, EnumSet.of(XdsType.CLUSTER, XdsType.ENDPOINT));
    }

    private PushOrder() {}

    /** True when {@code type}'s newer version must wait because a type it refers to is held. */
    static boolean waits(XdsType type, Set<XdsType> held) {
        for (XdsType referred : REFERS_TO.get(type)) {
            if (held.contains(referred)) {
                return true;
            }
        }
        return false;
    }
}
