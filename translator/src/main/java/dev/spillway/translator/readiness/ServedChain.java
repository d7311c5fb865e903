package dev.spillway.translator.readiness;

import java.util.List;

/**
 * A TLS filter chain of a failover gateway as Spillway serves it (left out when Envoy's rules rejected
 * its listener).
 *
 * @param proxy          the gateway proxy that serves it
 * @param listener       listener name
 * @param port           bind port
 * @param serverNames    the chain's {@code server_names}
 * @param forwardCluster the one cluster it forwards to, or null when it forwards by SNI
 */
record ServedChain(String proxy, String listener, int port, List<String> serverNames, String forwardCluster) {
    ServedChain {
        serverNames = List.copyOf(serverNames);
    }

    /**
     * Envoy's server_names match: the exact name, else the longest {@code *.suffix} wildcard
     * (FilterChainManagerImpl::findFilterChainForServerName,
     * source/common/listener_manager/filter_chain_manager_impl.cc).
     */
    boolean accepts(String sni) {
        for (String name : serverNames) {
            if (name.equalsIgnoreCase(sni)) {
                return true;
            }
            if (name.startsWith("*.")
                    && sni.toLowerCase().endsWith(name.substring(1).toLowerCase())) {
                return true;
            }
        }
        return false;
    }
}
