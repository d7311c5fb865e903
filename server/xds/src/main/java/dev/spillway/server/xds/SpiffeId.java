package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy's certificate identity, the URI SAN {@code spiffe://<trust-domain>/cluster/<cluster>/proxy/<proxy>};
 * proxy {@code *} names every proxy of the cluster, and {@code spiffe://<trust-domain>/cluster/<cluster>/proxyless}
 * the cluster's proxyless gRPC clients (SPIFFE path segments cannot hold the group's parentheses).
 *
 * @param trustDomain the SPIFFE trust domain ({@code spillway})
 * @param cluster     federation cluster
 * @param proxy       proxy name, {@link #ANY_PROXY}, or {@link ProxyGroup#PROXYLESS}
 */
public record SpiffeId(String trustDomain, String cluster, String proxy) {
    /** The proxy name of a cluster-wide identity. */
    public static final String ANY_PROXY = "*";
    /** The trust domain when none is configured. */
    public static final String DEFAULT_TRUST_DOMAIN = "spillway";

    private static final Pattern FORM =
            Pattern.compile("spiffe://([^/]+)/cluster/([^/]+)/(?:proxy/([^/]+)|(proxyless))");

    /** The identity of a group's proxies. */
    public static SpiffeId of(String trustDomain, ProxyGroup group) {
        return new SpiffeId(trustDomain, group.cluster(), group.proxy());
    }

    /** The identity a URI SAN names, if it has this form. */
    public static Optional<SpiffeId> parse(String uri) {
        Matcher m = FORM.matcher(uri);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(
                new SpiffeId(m.group(1), m.group(2), m.group(4) != null ? ProxyGroup.PROXYLESS : m.group(3)));
    }

    /** True when this identity may receive the group's configuration. */
    public boolean covers(ProxyGroup group) {
        return cluster.equals(group.cluster()) && (proxy.equals(ANY_PROXY) || proxy.equals(group.proxy()));
    }

    /** The URI SAN. */
    public String uri() {
        String tail = ProxyGroup.PROXYLESS.equals(proxy) ? "proxyless" : "proxy/" + proxy;
        return "spiffe://" + trustDomain + "/cluster/" + cluster + "/" + tail;
    }

    @Override
    public String toString() {
        return uri();
    }
}
