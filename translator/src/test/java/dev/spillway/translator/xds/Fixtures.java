package dev.spillway.translator.xds;

import dev.spillway.api.model.Kind;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.translator.model.HealthCheck;
import dev.spillway.translator.model.HttpListener;
import dev.spillway.translator.model.ResolvedGroup;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.TcpListener;
import dev.spillway.translator.model.TcpListener.SniChain;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.model.UpstreamCluster.Endpoint;
import dev.spillway.translator.model.UpstreamCluster.OutlierDetection;
import dev.spillway.translator.model.UpstreamCluster.Tier;
import dev.spillway.translator.model.UpstreamCluster.TransportMatch;
import dev.spillway.translator.model.UpstreamCluster.UpstreamTls;
import dev.spillway.translator.model.VirtualHost;
import dev.spillway.translator.model.VirtualHost.HeaderMatcher;
import dev.spillway.translator.model.VirtualHost.Matcher;
import dev.spillway.translator.model.VirtualHost.PathKind;
import dev.spillway.translator.model.VirtualHost.Route;
import dev.spillway.translator.model.VirtualHost.WeightedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Small hand-built resolved models, in the guide's names. */
final class Fixtures {
    static final String BLUE = "default-service-blue-10000_gloo-system";
    static final String GREEN = "default-service-green-10000_gloo-system";
    static final String FAILOVER_UPSTREAM_SECRET = "gloo-system_failover-upstream";

    private Fixtures() {}

    static ResourceKey key(Kind kind, String name) {
        return new ResourceKey(kind, "local", "gloo-system", name);
    }

    static ClusterFixture cluster(String name) {
        return new ClusterFixture(name);
    }

    /** The guide's blue cluster: its pod at priority 0, green behind the remote failover gateway at 1. */
    static ClusterFixture blueWithGreenFailover() {
        return cluster(BLUE)
                .httpHealthCheck("/health")
                .endpoint("10.244.0.7", 10000)
                .failoverTarget(1, "127.0.0.1", 15443, GREEN);
    }

    static GroupFixture group() {
        return new GroupFixture();
    }

    static Route prefixRoute(String prefix, String cluster) {
        return route(new Matcher(PathKind.PREFIX, prefix, List.of(), List.of()), cluster);
    }

    static Route route(Matcher matcher, String cluster) {
        return new Route(matcher, List.of(new WeightedCluster(cluster, 0)), false);
    }

    static Matcher matcher(PathKind kind, String path, List<HeaderMatcher> headers, List<String> methods) {
        return new Matcher(kind, path, headers, methods);
    }

    static VirtualHost virtualHost(String name, Route... routes) {
        return new VirtualHost(
                name,
                List.of("*"),
                List.of(routes),
                new ResourceKey(Kind.VIRTUAL_SERVICE, "local", "gloo-system", name.substring(name.indexOf('_') + 1)));
    }

    static HttpListener httpListener(VirtualHost... hosts) {
        return new HttpListener(
                "listener-::-8080",
                "::",
                8080,
                "listener-::-8080-routes",
                List.of(hosts),
                key(Kind.GATEWAY, "gateway-proxy"));
    }

    /** The guide's failover gateway: mTLS with failover-downstream, forwarding by SNI. */
    static SniChain failoverChain(String... serverNames) {
        return new SniChain(
                "failover",
                List.of(serverNames),
                "gloo-system_failover-downstream",
                "gloo-system_failover-downstream-cacert",
                true,
                List.of(),
                null);
    }

    static TcpListener tcpListener(SniChain... chains) {
        return new TcpListener(
                "listener-::-15443", "::", 15443, List.of(chains), key(Kind.GATEWAY, "failover-gateway"));
    }

    static SdsSecret certificate(String name) {
        return new SdsSecret(
                name,
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "-----BEGIN PRIVATE KEY-----\nSECRET-KEY-BYTES\n-----END PRIVATE KEY-----\n",
                "");
    }

    static SdsSecret rootCa(String name) {
        return new SdsSecret(name, "", "", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n");
    }

    /** An UpstreamCluster under construction. */
    static final class ClusterFixture {
        private final String name;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private final List<HealthCheck> healthChecks = new ArrayList<>();
        private OutlierDetection outlierDetection;
        private UpstreamTls tls;
        private final List<TransportMatch> matches = new ArrayList<>();
        private final List<Endpoint> ownEndpoints = new ArrayList<>();
        private final List<Tier> failoverTiers = new ArrayList<>();
        private Integer overprovisioningFactor;
        private UpstreamCluster.Protocol protocol = UpstreamCluster.Protocol.HTTP1;
        private UpstreamCluster.Discovery discovery = UpstreamCluster.Discovery.EDS;

        private ClusterFixture(String name) {
            this.name = name;
        }

        /** The guide's check: 1s timeout, 1s interval, thresholds 1/1. */
        ClusterFixture httpHealthCheck(String path) {
            return healthCheck(new HealthCheck(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    1,
                    1,
                    null,
                    null,
                    null,
                    null,
                    new HealthCheck.Http(path, "", List.of()),
                    null,
                    null));
        }

        ClusterFixture healthCheck(HealthCheck check) {
            healthChecks.add(check);
            return this;
        }

        ClusterFixture connectTimeout(Duration timeout) {
            connectTimeout = timeout;
            return this;
        }

        ClusterFixture outlierDetection(OutlierDetection od) {
            outlierDetection = od;
            return this;
        }

        ClusterFixture tls(UpstreamTls upstreamTls) {
            tls = upstreamTls;
            return this;
        }

        ClusterFixture endpoint(String address, int port) {
            ownEndpoints.add(new Endpoint(address, port, null, null));
            return this;
        }

        /** A target reached through a failover gateway, over mTLS with the primary's failover-upstream cert. */
        ClusterFixture failoverTarget(int priority, String gatewayAddress, int gatewayPort, String targetCluster) {
            String match = gatewayAddress + "_" + gatewayPort + "_p" + priority + "_idx" + failoverTiers.size();
            matches.add(new TransportMatch(match, new UpstreamTls(targetCluster, FAILOVER_UPSTREAM_SECRET, null)));
            failoverTiers.add(new Tier(
                    priority,
                    "us-east1",
                    "us-east1-b",
                    "remote",
                    List.of(new Endpoint(gatewayAddress, gatewayPort, targetCluster, match))));
            return this;
        }

        ClusterFixture protocol(UpstreamCluster.Protocol value) {
            protocol = value;
            return this;
        }

        ClusterFixture discovery(UpstreamCluster.Discovery value) {
            discovery = value;
            return this;
        }

        ClusterFixture overprovisioningFactor(int factor) {
            overprovisioningFactor = factor;
            return this;
        }

        UpstreamCluster build() {
            List<Tier> tiers = new ArrayList<>();
            tiers.add(new Tier(0, "", "", "local", ownEndpoints));
            tiers.addAll(failoverTiers);
            return new UpstreamCluster(
                    name,
                    connectTimeout,
                    healthChecks,
                    outlierDetection,
                    null,
                    tls,
                    matches,
                    tiers,
                    overprovisioningFactor,
                    key(Kind.UPSTREAM, name),
                    protocol,
                    discovery,
                    null);
        }
    }

    /** A ResolvedGroup under construction. */
    static final class GroupFixture {
        private final List<HttpListener> http = new ArrayList<>();
        private final List<TcpListener> tcp = new ArrayList<>();
        private final List<UpstreamCluster> clusters = new ArrayList<>();
        private final List<SdsSecret> secrets = new ArrayList<>();

        GroupFixture with(ClusterFixture cluster) {
            return with(cluster.build());
        }

        GroupFixture with(UpstreamCluster cluster) {
            clusters.add(cluster);
            return this;
        }

        GroupFixture with(HttpListener listener) {
            http.add(listener);
            return this;
        }

        GroupFixture with(TcpListener listener) {
            tcp.add(listener);
            return this;
        }

        GroupFixture with(SdsSecret secret) {
            secrets.add(secret);
            return this;
        }

        ResolvedGroup build() {
            return new ResolvedGroup(new ProxyGroup("local", "gateway-proxy"), http, tcp, clusters, secrets);
        }
    }
}
