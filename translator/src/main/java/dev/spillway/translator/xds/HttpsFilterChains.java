package dev.spillway.translator.xds;

import dev.spillway.translator.model.HttpSettings;
import dev.spillway.translator.model.HttpsChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.FilterChainMatch;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The filter chains of an HTTPS listener: one per VirtualService, each a connection manager over that
 * VirtualService's own route configuration behind its certificate, selected by SNI (Gloo's
 * {@code newSslFilterChain}, projects/gloo/pkg/translator/filter_chain.go). Envoy picks the chain from the SNI the tls_inspector read
 * (FilterChainManagerImpl::findFilterChainForServerName: exact name, then the longest {@code *.} suffix,
 * then a chain without server_names), so a connection whose SNI no chain names is closed unless one
 * VirtualService serves every domain.
 */
final class HttpsFilterChains {
    private HttpsFilterChains() {}

    static Listener.Builder addTo(
            Listener.Builder listener, List<HttpsChain> chains, HttpSettings settings, Set<RouteFilter> routeFilters) {
        listener.addListenerFilters(Listeners.tlsInspector());
        for (HttpsChain chain : chains) {
            listener.addFilterChains(FilterChain.newBuilder()
                    .setName(chain.name())
                    .setFilterChainMatch(FilterChainMatch.newBuilder().addAllServerNames(chain.serverNames()))
                    .setTransportSocket(TlsContexts.transportSocket(TlsContexts.downstream(chain)))
                    .addFilters(Listeners.connectionManager(chain.routeConfigName(), settings, routeFilters)));
        }
        // An ssl: true Gateway with no VirtualService to serve refuses connections; it never turns plaintext.
        if (chains.isEmpty()) {
            listener.addFilterChains(Listeners.refusingChain());
        }
        return listener;
    }

    /** One route configuration per chain, holding the chain's virtual host (built and checked already). */
    static List<RouteConfiguration> routes(List<HttpsChain> chains, List<VirtualHost> builtHosts) {
        List<RouteConfiguration> routes = new ArrayList<>();
        for (HttpsChain chain : chains) {
            RouteConfiguration.Builder route = RouteConfiguration.newBuilder().setName(chain.routeConfigName());
            builtHosts.stream().filter(h -> h.getName().equals(chain.name())).forEach(route::addVirtualHosts);
            routes.add(route.build());
        }
        return routes;
    }
}
