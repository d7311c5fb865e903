package dev.spillway.translator.resolve;

import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Upstream;
import dev.spillway.translator.model.IpLiterals;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-host SNI of static hosts, as Gloo's static plugin (projects/gloo/pkg/plugins/static/plugin.go,
 * sniAddr) does it: a host's {@code sniAddr}, else with {@code autoSniRewrite} (unset means on) its own
 * address, becomes a transport socket match named {@code <sni>;<addr>:<port>} that only that host selects.
 * Unlike Gloo, an IP address is never sent as SNI (RFC 6066 section 3 allows host names only), and a host
 * whose SNI is the cluster's own needs no match.
 */
final class StaticHostSni {
    private StaticHostSni() {}

    /** The SNI host {@code i} is sent, or null when it uses the cluster's TLS as it is. */
    private static String sni(Upstream.StaticBackend statics, int i, UpstreamTls tls) {
        if (tls == null) {
            return null;
        }
        HostPort host = statics.hosts().get(i);
        String sni = statics.settings().get(i).sniAddr();
        if (sni.isEmpty() && !Boolean.FALSE.equals(statics.autoSniRewrite()) && !IpLiterals.isIp(host.address())) {
            sni = host.address();
        }
        return sni.isEmpty() || sni.equals(tls.sni()) ? null : sni;
    }

    /** The name of the transport match host {@code i} selects, or null. */
    static String matchName(Upstream.StaticBackend statics, int i, UpstreamTls tls) {
        String sni = sni(statics, i, tls);
        return sni == null ? null : sni + ";" + statics.hosts().get(i);
    }

    /** The transport matches the static hosts select, in host order, each once. */
    static List<TransportMatch> matches(Upstream upstream, UpstreamTls tls) {
        List<TransportMatch> out = new ArrayList<>();
        Upstream.StaticBackend statics = upstream.statics();
        if (statics == null) {
            return out;
        }
        for (int i = 0; i < statics.hosts().size(); i++) {
            String name = matchName(statics, i, tls);
            String sni = sni(statics, i, tls);
            if (name != null && out.stream().noneMatch(m -> m.name().equals(name))) {
                out.add(new TransportMatch(
                        name, new UpstreamTls(sni, tls.certificateSecret(), tls.validationSecret(), tls.options())));
            }
        }
        return out;
    }
}
