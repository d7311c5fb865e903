package dev.spillway.translator.resolve;

import java.time.Duration;

/** Every default Spillway applies, in one place. */
public final class Defaults {
    /** Envoy cluster connect timeout when the Upstream sets none (as Gloo). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Namespace discovered Upstreams are created in (as Gloo's install namespace). */
    public static final String INSTALL_NAMESPACE = "gloo-system";
    /** Proxy name of a Gateway that names none. */
    public static final String PROXY_NAME = "gateway-proxy";
    /** Secret, in the primary's namespace and cluster, holding the client certificate for failover. */
    public static final String FAILOVER_CLIENT_SECRET = "failover-upstream";

    private Defaults() {}
}
