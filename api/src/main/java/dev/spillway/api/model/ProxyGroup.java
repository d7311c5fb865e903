package dev.spillway.api.model;

import java.util.Comparator;

/**
 * The proxies that receive the same configuration: a gateway proxy name in one federation cluster.
 *
 * @param cluster federation cluster ({@code local}); Envoy's {@code node.metadata.cluster}
 * @param proxy   proxy name ({@code gateway-proxy}); Envoy's {@code node.cluster}
 */
public record ProxyGroup(String cluster, String proxy) implements Comparable<ProxyGroup> {

    /**
     * The proxy name of a federation cluster's proxyless gRPC clients. Parentheses cannot appear in a
     * Kubernetes name, so no Gateway's proxy can have it.
     */
    public static final String PROXYLESS = "(proxyless)";

    private static final Comparator<ProxyGroup> ORDER =
            Comparator.comparing(ProxyGroup::cluster).thenComparing(ProxyGroup::proxy);

    /** Parses {@code cluster/proxy}. */
    public static ProxyGroup parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            throw new IllegalArgumentException("proxy group must be <cluster>/<proxy>: " + text);
        }
        return new ProxyGroup(text.substring(0, slash), text.substring(slash + 1));
    }

    /** The group of a federation cluster's proxyless gRPC clients. */
    public static ProxyGroup proxyless(String cluster) {
        return new ProxyGroup(cluster, PROXYLESS);
    }

    /** True for a group of proxyless gRPC clients. */
    public boolean isProxyless() {
        return PROXYLESS.equals(proxy);
    }

    @Override
    public int compareTo(ProxyGroup o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        return cluster + "/" + proxy;
    }
}
