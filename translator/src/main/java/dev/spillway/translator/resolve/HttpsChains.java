package dev.spillway.translator.resolve;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.VirtualService;
import dev.spillway.translator.model.HttpsChain;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TlsSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The filter chains of an {@code ssl: true} Gateway, one per VirtualService with {@code sslConfig}, as Gloo
 * builds them ({@code httpFilterChainTranslator.createFilterChainsFromSslConfiguration},
 * projects/gloo/pkg/translator/filter_chain.go): the chain selected by SNI ({@code sniDomains}, else the
 * VirtualService's domains), the certificate from its Secret. Unlike Gloo, whose chains share one route
 * configuration, each chain routes only its own VirtualService: otherwise a client could complete the
 * handshake of a one-way chain and send the Host of a VirtualService that requires client certificates.
 */
final class HttpsChains {
    /** Gloo's default ALPN for downstream TLS ({@code ResolveDownstreamSslConfig}). */
    static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");

    private HttpsChains() {}

    /** Rejects a VirtualService whose sslConfig cannot be served with the cluster's Secrets. */
    static void check(VirtualService vs, ClusterResources cluster, StatusBook book) {
        VirtualService.DownstreamSsl ssl = vs.ssl();
        if (ssl == null) {
            return;
        }
        if (ssl.secretRef() == null) {
            book.error(
                    vs.key(),
                    "spec.sslConfig.secretRef",
                    "is required: Spillway serves HTTPS certificates"
                            + " from Secrets (sslFiles and sds are not supported on VirtualServices)");
            return;
        }
        TlsSecret secret = cluster.secrets.get(ssl.secretRef());
        if (secret == null) {
            book.error(vs.key(), "spec.sslConfig.secretRef", cluster.secretAbsence(ssl.secretRef()));
        } else if (!ssl.verifySubjectAltName().isEmpty() && !secret.hasRootCa()) {
            book.error(
                    vs.key(),
                    "spec.sslConfig.verifySubjectAltName",
                    "needs a ca.crt in Secret " + ssl.secretRef()
                            + ": a SAN is only checked on a certificate verified against a CA");
        }
        for (int i = 0; i < ssl.sniDomains().size(); i++) {
            if (isPartialWildcard(ssl.sniDomains().get(i))) {
                book.error(
                        vs.key(),
                        "spec.sslConfig.sniDomains[" + i + "]",
                        ssl.sniDomains().get(i)
                                + " is a partial wildcard: SNI matches only exactly or by a leading *.");
            }
        }
        if (ssl.sniDomains().isEmpty() && vs.domains().stream().anyMatch(HttpsChains::isPartialWildcard)) {
            book.error(
                    vs.key(),
                    "spec.virtualHost.domains",
                    "has a partial wildcard, which SNI cannot match;" + " set sslConfig.sniDomains");
        }
    }

    /**
     * Rejects the younger of two VirtualServices whose chains would match the same SNI name on this
     * Gateway: Envoy refuses the whole listener ("multiple filter chains with overlapping matching rules
     * are defined", FilterChainManagerImpl::addFilterChainForSourcePorts in
     * source/common/listener_manager/filter_chain_manager_impl.cc). Two catch-all chains overlap too.
     */
    static void settle(Gateway gateway, List<VirtualService> oldestFirst, StatusBook book) {
        Map<String, VirtualService> owners = new HashMap<>();
        for (VirtualService vs : oldestFirst) {
            if (book.rejected(vs.key())) {
                continue;
            }
            List<String> names = serverNames(vs);
            for (String name : names.isEmpty() ? List.of("") : names) {
                VirtualService owner = owners.putIfAbsent(name, vs);
                if (owner != null && owner != vs) {
                    String what = name.isEmpty() ? "every SNI name (domain *)" : "SNI " + name;
                    book.error(
                            vs.key(),
                            vs.ssl().sniDomains().isEmpty() ? "spec.virtualHost.domains" : "spec.sslConfig.sniDomains",
                            what + " is already matched by VirtualService "
                                    + owner.meta().namespace() + "/"
                                    + owner.meta().name() + " on "
                                    + Names.listener(gateway.bindAddress(), gateway.bindPort()));
                    break;
                }
            }
        }
    }

    /** The chains, sorted by name; adds the Secrets they use to {@code secrets}. */
    static List<HttpsChain> of(
            String listener, List<VirtualService> served, ClusterResources cluster, List<SdsSecret> secrets) {
        List<HttpsChain> chains = new ArrayList<>();
        for (VirtualService vs : served) {
            VirtualService.DownstreamSsl ssl = vs.ssl();
            TlsSecret secret = cluster.secrets.get(ssl.secretRef());
            String certificate = SdsSecrets.certificate(secret, secrets);
            String validation = SdsSecrets.validation(secret, secrets);
            // Gloo: a client certificate is required whenever there is a CA, unless oneWayTls.
            boolean requireClient = validation != null && !ssl.oneWayTls();
            List<String> alpn = ssl.alpnProtocols().isEmpty() ? DEFAULT_ALPN : ssl.alpnProtocols();
            TlsSettings options = new TlsSettings(
                    null, null, ssl.verifySubjectAltName(), UpstreamTlsResolver.params(ssl.parameters()), alpn);
            String name = Names.virtualHost(vs.meta().ref());
            chains.add(new HttpsChain(
                    name,
                    listener + "-" + name + "-routes",
                    serverNames(vs),
                    certificate,
                    validation,
                    requireClient,
                    options,
                    vs.key()));
        }
        chains.sort(Comparator.comparing(HttpsChain::name));
        return chains;
    }

    /**
     * SNI names in Envoy's form (it lower-cases server_names, FilterChainManagerImpl::setupFilterChainMatcher):
     * a port suffix dropped, and empty for a VirtualService that serves every domain ({@code *}).
     */
    static List<String> serverNames(VirtualService vs) {
        List<String> source =
                vs.ssl().sniDomains().isEmpty() ? vs.domains() : vs.ssl().sniDomains();
        TreeSet<String> names = new TreeSet<>();
        for (String domain : source) {
            String host = withoutPort(domain).toLowerCase(Locale.ROOT);
            if (host.equals("*")) {
                return List.of();
            }
            names.add(host);
        }
        return List.copyOf(names);
    }

    /** Envoy accepts a {@code *} only as a leading {@code *.} in server_names ("partial wildcards are not supported"). */
    private static boolean isPartialWildcard(String name) {
        String host = withoutPort(name);
        return host.contains("*") && !host.equals("*") && !(host.startsWith("*.") && host.indexOf('*', 1) < 0);
    }

    private static String withoutPort(String domain) {
        int colon = domain.lastIndexOf(':');
        return colon > 0
                        && domain.indexOf(']') < colon
                        && domain.substring(colon + 1).chars().allMatch(Character::isDigit)
                ? domain.substring(0, colon)
                : domain;
    }
}
