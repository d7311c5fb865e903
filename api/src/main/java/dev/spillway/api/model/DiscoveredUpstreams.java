package dev.spillway.api.model;

import dev.spillway.api.ContentHash;
import java.util.Locale;
import java.util.Map;

/**
 * How Gloo's upstream discovery names and labels the Upstream it makes for each Service port
 * (solo-io/gloo {@code projects/gloo/pkg/plugins/kubernetes/uds_convert.go} {@code UpstreamName},
 * {@code projects/gloo/pkg/discovery/discovery.go} {@code setLabels}): one place for the translator's
 * in-memory discovery and the Kubernetes source's written one.
 */
public final class DiscoveredUpstreams {

    /** Where discovered Upstreams live: Gloo's discovery namespace. */
    public static final String INSTALL_NAMESPACE = "gloo-system";
    /** The label Gloo's discovery puts on every Upstream it writes, and selects its own by. */
    public static final String DISCOVERED_BY = "discovered_by";
    /** {@value}: the value of {@link #DISCOVERED_BY} for Kubernetes Services. */
    public static final String KUBERNETES_PLUGIN = "kubernetesplugin";

    private static final int MAX_NAME = 63;

    private DiscoveredUpstreams() {}

    /** {@code default-service-blue-10000}: at most 63 characters, as a Kubernetes name must be. */
    public static String name(String serviceNamespace, String serviceName, int port) {
        String raw = (serviceNamespace + "-" + serviceName + "-" + port)
                .replaceAll("[*/.:_ ]", "-")
                .toLowerCase(Locale.ROOT);
        if (raw.length() <= MAX_NAME) {
            return raw;
        }
        return raw.substring(0, 31) + "-" + ContentHash.of(raw, ContentHash.NAME_LENGTH);
    }

    /** True when the labels mark an Upstream Gloo's (or Spillway's) discovery wrote. */
    public static boolean discovered(Map<String, String> labels) {
        return KUBERNETES_PLUGIN.equals(labels.get(DISCOVERED_BY));
    }
}
