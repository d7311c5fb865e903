package dev.spillway.server.xds.envoy;

import dev.spillway.snapshot.XdsType;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Envoy's listener manager as the ADS client sees it ({@code ListenerManagerImpl},
 * source/common/listener_manager/listener_manager_impl.cc): active listeners, and new or changed ones warming
 * until their route configurations and secrets arrive. Runs on the main thread only.
 */
final class ListenerManager {
    private final EnvoyOptions options;
    private final GrpcMux<?, ?> mux;
    private final Set<String> routesHeld;
    private final Set<String> secretsHeld;
    final SortedMap<String, Listener> listeners = new TreeMap<>();
    private final SortedMap<String, Listener> warming = new TreeMap<>();
    private boolean ldsPaused;

    /** @param routesHeld, secretsHeld the names the proxy holds (live views) */
    ListenerManager(EnvoyOptions options, GrpcMux<?, ?> mux, Set<String> routesHeld, Set<String> secretsHeld) {
        this.options = options;
        this.mux = mux;
        this.routesHeld = routesHeld;
        this.secretsHeld = secretsHeld;
    }

    SortedSet<String> warmingNames() {
        return new TreeSet<>(warming.keySet());
    }

    /** Active and warming listeners: both hold their subscriptions. */
    List<Listener> all() {
        List<Listener> all = new ArrayList<>(listeners.values());
        all.addAll(warming.values());
        return all;
    }

    /** The names a SotW response leaves out: {@code LdsApiImpl::onConfigUpdate} removes those listeners. */
    Set<String> missingFrom(Set<String> names) {
        Set<String> gone = new TreeSet<>(listeners.keySet());
        gone.addAll(warming.keySet());
        gone.removeAll(names);
        return gone;
    }

    /** {@code ListenerManagerImpl::addOrUpdateListener}: an identical listener is skipped, a changed one warms. */
    void addOrUpdate(Listener l) {
        Listener before = warming.get(l.getName());
        if (!(before != null ? before.equals(l) : l.equals(listeners.get(l.getName())))) {
            warming.put(l.getName(), l);
        }
    }

    /** {@code ListenerManagerImpl::removeListener}. */
    void remove(String name) {
        listeners.remove(name);
        warming.remove(name);
    }

    /**
     * {@code ListenerManagerImpl::onListenerWarmed} for every listener with its routes and secrets. With
     * {@link EnvoyOptions#holdLdsAckWhileWarming()} LDS stays paused while any listener warms, as CDS does in
     * {@code ClusterManagerImpl::updateClusterCounts}.
     */
    void warm() {
        for (Listener l : List.copyOf(warming.values())) {
            if (routesHeld.containsAll(EnvoyResources.routeNames(l))
                    && secretsHeld.containsAll(EnvoyResources.secretNames(l))) {
                warming.remove(l.getName());
                listeners.put(l.getName(), l);
            }
        }
        if (!options.holdLdsAckWhileWarming()) {
            return;
        }
        if (!warming.isEmpty() && !ldsPaused) {
            ldsPaused = true;
            mux.pause(XdsType.LISTENER);
        } else if (warming.isEmpty() && ldsPaused) {
            ldsPaused = false;
            mux.resume(XdsType.LISTENER);
        }
    }
}
