package dev.spillway.translator.readiness;

import dev.spillway.api.status.Condition;
import dev.spillway.translator.resolve.Names;
import java.util.List;
import java.util.TreeSet;

/**
 * The failover gateway behind a tier's address accepts the tier's SNI and forwards it to the target: a
 * connection whose SNI no filter chain names is closed by the gateway (no catch-all chain).
 */
final class SniAllowedRule {
    static final String TYPE = "SniAllowed";

    private SniAllowedRule() {}

    /**
     * @param sni     the SNI the primary's proxies send
     * @param cluster the target's federation cluster
     * @param chains  every TLS chain of that cluster's gateways, as served
     * @param proxy   the gateway proxy behind the failover address, or null when it is not known
     * @param port    the port that proxy receives failover connections on, or 0 when it is not known
     */
    static Condition check(String sni, String cluster, List<ServedChain> chains, String proxy, int port) {
        List<ServedChain> behind = chains.stream()
                .filter(c -> proxy == null || c.proxy().equals(proxy))
                .filter(c -> port == 0 || c.port() == port)
                .toList();
        String gateway = "the failover gateway on cluster " + cluster
                + (proxy == null ? "" : " (proxy " + proxy + (port == 0 ? "" : ", port " + port) + ")");
        for (ServedChain chain : behind) {
            if (!chain.accepts(sni)) {
                continue;
            }
            String forward = chain.forwardCluster();
            if (forward != null && !forward.equals(Names.localOnly(sni))) {
                return Condition.failed(
                        TYPE,
                        "ForwardedElsewhere",
                        chain.listener() + " of " + gateway + " accepts SNI " + sni + " but forwards it to " + forward);
            }
            return Condition.met(
                    TYPE,
                    "Served",
                    chain.listener() + " of proxy " + chain.proxy() + " on cluster " + cluster + " accepts SNI " + sni);
        }
        if (behind.isEmpty()) {
            TreeSet<String> elsewhere = new TreeSet<>();
            chains.stream().filter(c -> c.accepts(sni)).forEach(c -> elsewhere.add(c.proxy() + " port " + c.port()));
            return Condition.failed(
                    TYPE,
                    "NotServed",
                    gateway + " serves no TLS listener"
                            + (elsewhere.isEmpty() ? "" : "; SNI " + sni + " is served only by " + elsewhere));
        }
        TreeSet<String> accepted = new TreeSet<>();
        behind.forEach(c -> accepted.addAll(c.serverNames()));
        return Condition.failed(
                TYPE, "NotServed", gateway + " does not accept SNI " + sni + " (it accepts " + accepted + ")");
    }
}
