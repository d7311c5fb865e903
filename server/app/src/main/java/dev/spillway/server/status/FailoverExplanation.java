package dev.spillway.server.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.api.status.TierReadiness;
import dev.spillway.server.failover.ActivityStatus;
import dev.spillway.server.failover.FailoverActivity;
import dev.spillway.translator.Translation;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.readiness.CertificateIdentity;
import dev.spillway.translator.readiness.HealthCheckWords;
import dev.spillway.translator.resolve.Defaults;
import dev.spillway.translator.resolve.FailoverOutcome;
import dev.spillway.translator.resolve.Names;
import dev.spillway.translator.tls.Pem;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON of {@code /failover}, what {@code spillway explain} prints: per FailoverScheme and proxy group,
 * the tiers in order with their endpoints, SNI, certificate identities and expiry, the health check, the
 * thresholds and what they mean, readiness, and the live traffic per tier. Never key material.
 */
public final class FailoverExplanation {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Translation translation;
    private final Map<ResourceKey, SchemeReadiness> readiness;
    private final Map<ResourceKey, ResourceStatus> statuses;
    private final Function<ProxyGroup, Integer> connectedStreams;
    private final FailoverActivity activity;

    private FailoverExplanation(
            Translation translation,
            Map<ResourceKey, SchemeReadiness> readiness,
            Map<ResourceKey, ResourceStatus> statuses,
            Function<ProxyGroup, Integer> connectedStreams,
            FailoverActivity activity) {
        this.translation = translation;
        this.readiness = readiness;
        this.statuses = statuses;
        this.connectedStreams = connectedStreams;
        this.activity = activity;
    }

    /**
     * @param statuses         every resource's status (with NACKs and readiness)
     * @param connectedStreams the ADS streams of a proxy group now connected
     * @param activity         where each scheme's traffic goes, from the proxies' load reports
     */
    public static String json(
            Translation translation,
            Map<ResourceKey, SchemeReadiness> readiness,
            Map<ResourceKey, ResourceStatus> statuses,
            Function<ProxyGroup, Integer> connectedStreams,
            FailoverActivity activity) {
        Map<String, Object> doc = new LinkedHashMap<>();
        FailoverExplanation explanation =
                new FailoverExplanation(translation, readiness, statuses, connectedStreams, activity);
        doc.put("schemes", explanation.schemes());
        doc.put("proxyGroups", explanation.proxyGroups());
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> schemes() {
        Map<ResourceKey, FailoverScheme> schemes = new java.util.TreeMap<>();
        for (Resource r : translation.inventory().resources()) {
            if (r instanceof FailoverScheme s) {
                schemes.put(s.key(), s);
            }
        }
        Map<ResourceKey, FailoverOutcome> outcomes = new LinkedHashMap<>();
        translation.resolution().failovers().forEach(o -> outcomes.put(o.scheme(), o));
        List<Map<String, Object>> out = new ArrayList<>();
        schemes.forEach((key, scheme) -> out.add(scheme(key, scheme, outcomes.get(key))));
        return out;
    }

    /** Every proxy group Spillway serves config to, with its connected ADS streams. */
    private List<Map<String, Object>> proxyGroups() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ProxyGroup g : translation.groups().keySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.toString());
            m.put("cluster", g.cluster());
            m.put("proxy", g.proxy());
            m.put("connectedStreams", connectedStreams.apply(g));
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> scheme(ResourceKey key, FailoverScheme scheme, FailoverOutcome outcome) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheme", key.path());
        m.put("cluster", key.cluster());
        m.put("namespace", key.namespace());
        m.put("name", key.name());
        ResourceStatus status = statuses.getOrDefault(key, ResourceStatus.PENDING);
        m.put("state", status.state().label(key.kind()));
        m.put("message", status.reason());
        SchemeReadiness ready = readiness.get(key);
        m.put("readiness", ready == null ? "Pending" : ready.label());
        m.put("ready", ready == null ? null : ReadinessReport.condition(ready.ready()));
        String primaryCluster = scheme.primary().cluster();
        ResourceRef primaryRef = scheme.primary().upstream();
        String envoyCluster = Names.cluster(primaryRef);
        Map<String, Object> primary = new LinkedHashMap<>();
        primary.put("cluster", primaryCluster);
        primary.put("upstream", primaryRef.toString());
        primary.put("envoyCluster", envoyCluster);
        m.put("primary", primary);
        UpstreamCluster cluster = clusterIn(primaryCluster, envoyCluster);
        if (outcome == null || cluster == null) {
            m.put("groups", List.of());
            m.put("tiers", List.of());
            return m;
        }
        m.put(
                "healthCheck",
                cluster.healthChecks().isEmpty()
                        ? null
                        : HealthCheckWords.of(cluster.healthChecks().get(0)));
        m.put("outlierDetection", cluster.outlierDetection() != null);
        m.put("thresholds", thresholds(outcome));
        m.put("groups", groupsServing(key, primaryCluster, envoyCluster));
        m.put("tiers", tiers(scheme, outcome, cluster, ready));
        return m;
    }

    private static Map<String, Object> thresholds(FailoverOutcome outcome) {
        FailoverOutcome.Traffic t = outcome.traffic();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("overprovisioningFactor", t.overprovisioningFactor());
        m.put("failoverThresholdPercent", t.failoverThresholdPercent().toPlainString());
        m.put("healthyPanicThresholdPercent", t.healthyPanicThresholdPercent());
        m.put("panicThresholdFrom", t.panicThresholdFrom());
        m.put(
                "meaning",
                "a tier keeps all its traffic while at least "
                        + t.failoverThresholdPercent().toPlainString()
                        + "% of its hosts are healthy (overprovisioning factor " + t.overprovisioningFactor()
                        + "%); below " + t.healthyPanicThresholdPercent() + "% healthy a tier is in panic and "
                        + "Envoy sends to all its hosts, healthy or not");
        m.put("whenTrafficMoves", t.whenTrafficMoves());
        return m;
    }

    /** The proxy groups of the primary's cluster whose config holds the primary's Envoy cluster. */
    private List<Map<String, Object>> groupsServing(ResourceKey scheme, String cluster, String envoyCluster) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ResolvedGroup g : translation.resolution().groups().values()) {
            if (!g.group().cluster().equals(cluster)
                    || g.clusters().stream().noneMatch(c -> c.name().equals(envoyCluster))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("group", g.group().toString());
            m.put("connectedStreams", connectedStreams.apply(g.group()));
            m.put(
                    "live",
                    activity.of(scheme, g.group()).map(ActivityStatus::ofGroup).orElse(null));
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> tiers(
            FailoverScheme scheme, FailoverOutcome outcome, UpstreamCluster primary, SchemeReadiness ready) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> zero = new LinkedHashMap<>();
        zero.put("priority", 0);
        zero.put("cluster", scheme.primary().cluster());
        zero.put("upstream", scheme.primary().upstream().toString());
        zero.put(
                "endpoints",
                primary.tiers().stream()
                        .filter(t -> t.priority() == 0)
                        .flatMap(t -> t.endpoints().stream())
                        .map(e -> e.address() + ":" + e.port())
                        .toList());
        zero.put("through", "direct");
        readinessOf(
                ready,
                0,
                scheme.primary().cluster(),
                scheme.primary().upstream().toString(),
                zero);
        out.add(zero);
        TlsSecret client = clientSecret(scheme.primary().cluster());
        for (FailoverOutcome.Target t : outcome.targets()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("priority", t.priority());
            m.put("cluster", t.cluster());
            m.put("upstream", t.upstream().toString());
            m.put("endpoints", t.upstreamEndpoints());
            m.put("reachedAt", t.address() + ":" + t.port());
            m.put("through", t.viaGateway() ? "failover gateway (mTLS)" : "flat network");
            if (t.viaGateway()) {
                m.put("addressFrom", t.addressFrom());
                m.put("sni", t.sni());
                m.put("clientCertificate", identity(client == null ? null : client.certChain()));
                m.put("gatewayVerified", client != null && client.hasRootCa());
                m.put("gatewayCertificate", identity(gatewayCertificate(t.cluster(), t.sni())));
            }
            readinessOf(ready, t.priority(), t.cluster(), t.upstream().toString(), m);
            out.add(m);
        }
        return out;
    }

    private static void readinessOf(
            SchemeReadiness ready, int priority, String cluster, String upstream, Map<String, Object> into) {
        if (ready == null) {
            return;
        }
        for (TierReadiness t : ready.tiers()) {
            if (t.priority() == priority
                    && t.cluster().equals(cluster)
                    && t.upstream().equals(upstream)) {
                into.put("ready", t.ready());
                into.put(
                        "conditions",
                        t.conditions().stream().map(ReadinessReport::condition).toList());
                return;
            }
        }
    }

    /** Subject, SANs, issuer and validity of the first certificate of a PEM chain; null when unreadable. */
    private static Map<String, Object> identity(String pem) {
        if (pem == null) {
            return null;
        }
        try {
            CertificateIdentity id =
                    CertificateIdentity.of(Pem.certificates(pem).get(0));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", id.subject());
            m.put("sans", id.sans());
            m.put("issuer", id.issuer());
            m.put("notBefore", id.notBefore().toString());
            m.put("notAfter", id.notAfter().toString());
            return m;
        } catch (Pem.Unreadable e) {
            return Map.of("unreadable", "tls.crt " + e.getMessage());
        }
    }

    /** The certificate chain the target cluster's gateway serves on the chain that accepts the SNI. */
    private String gatewayCertificate(String cluster, String sni) {
        for (ResolvedGroup g : translation.resolution().groups().values()) {
            if (!g.group().cluster().equals(cluster)) {
                continue;
            }
            for (TcpListener l : g.tcpListeners()) {
                for (TcpListener.SniChain c : l.chains()) {
                    if (c.serverNames().contains(sni)) {
                        for (SdsSecret s : g.secrets()) {
                            if (s.name().equals(c.certificateSecret())) {
                                return s.certChain();
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    private TlsSecret clientSecret(String cluster) {
        ResourceRef ref = new ResourceRef(Defaults.FAILOVER_CLIENT_SECRET, Defaults.INSTALL_NAMESPACE);
        for (Resource r : translation.inventory().resources()) {
            if (r instanceof TlsSecret s
                    && s.meta().cluster().equals(cluster)
                    && s.meta().ref().equals(ref)) {
                return s;
            }
        }
        return null;
    }

    private UpstreamCluster clusterIn(String cluster, String name) {
        for (ResolvedGroup g : translation.resolution().groups().values()) {
            if (g.group().cluster().equals(cluster)) {
                for (UpstreamCluster c : g.clusters()) {
                    if (c.name().equals(name)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }
}
