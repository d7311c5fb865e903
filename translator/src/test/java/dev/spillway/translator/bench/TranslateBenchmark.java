package dev.spillway.translator.bench;

import dev.spillway.api.model.FailoverScheme;
import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.TlsSecret;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.IncrementalTranslator;
import dev.spillway.translator.Translator;
import dev.spillway.translator.edits.RecordEdits;
import dev.spillway.translator.tls.GoldenMaterial;
import dev.spillway.translator.xds.XdsMemo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Full translation (resolve, Envoy protos, PGV checks) of N upstreams in a local cluster, one route
 * each, with 10% of them failing over to a remote cluster through its failover gateway.
 * Run with {@code make bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TranslateBenchmark {
    private static final String NS = "gloo-system";

    @Param({"1000", "10000"})
    public int upstreams;

    private Inventory inventory;
    private Inventory[] alternating;
    private Inventory[] alternatingEdit;
    private XdsMemo memo;
    private IncrementalTranslator incremental;
    private IncrementalTranslator incrementalEdit;
    private int turn;

    @Setup
    public void setUp() {
        inventory = scenario(upstreams);
        // Two inventories that differ in one upstream's endpoint: each call is "one upstream changed".
        alternating = new Inventory[] {inventory, withMovedHost(inventory, "svc-7")};
        alternatingEdit =
                new Inventory[] {inventory, withHealthCheckInterval(inventory, "svc-7", Duration.ofSeconds(3))};
        memo = new XdsMemo();
        Translator.translate(inventory, memo);
        incremental = new IncrementalTranslator();
        incremental.translate(inventory);
        incrementalEdit = new IncrementalTranslator();
        incrementalEdit.translate(inventory);
    }

    /** A full translation from scratch (start-up). */
    @Benchmark
    public Object translate() {
        return Translator.translate(inventory);
    }

    /** Re-translation after one upstream's endpoint moved, as the reconcile loop does it. */
    @Benchmark
    public Object retranslateOneChange() {
        turn ^= 1;
        return incremental.translate(alternating[turn]);
    }

    /** Re-translation after one Upstream's health check was edited, as the reconcile loop does it. */
    @Benchmark
    public Object retranslateOneUpstreamEdit() {
        turn ^= 1;
        return incrementalEdit.translate(alternatingEdit[turn]);
    }

    /** The same endpoint change translated in full, reusing only the built Envoy resources of unchanged units. */
    @Benchmark
    public Object retranslateOneChangeInFull() {
        turn ^= 1;
        return Translator.translate(alternating[turn], memo);
    }

    /** The inventory with the named local Upstream's health check interval set. */
    public static Inventory withHealthCheckInterval(Inventory inventory, String name, Duration interval) {
        return Inventory.of(inventory.entries().values().stream()
                .map(e -> {
                    if (e.resource() instanceof Upstream u
                            && u.meta().name().equals(name)
                            && u.meta().cluster().equals("local")) {
                        HealthCheck edited = RecordEdits.with(u.healthChecks().get(0), "interval", interval);
                        Upstream moved = RecordEdits.with(u, "healthChecks", List.of(edited));
                        return new Inventory.Entry(e.key(), moved, e.status(), e.origin());
                    }
                    return e;
                })
                .toList());
    }

    public static Inventory withMovedHost(Inventory inventory, String name) {
        return Inventory.of(inventory.entries().values().stream()
                .map(e -> {
                    if (e.resource() instanceof Upstream u
                            && u.meta().name().equals(name)
                            && u.meta().cluster().equals("local")) {
                        Upstream moved = new Upstream(
                                u.meta(),
                                null,
                                new Upstream.StaticBackend(List.of(new HostPort("10.200.0.1", 8080)), false),
                                u.healthChecks(),
                                null,
                                null,
                                null,
                                null,
                                false);
                        return new Inventory.Entry(e.key(), moved, e.status(), e.origin());
                    }
                    return e;
                })
                .toList());
    }

    /** The benchmark's input, also used by a test to prove it translates without problems. */
    public static Inventory scenario(int n) {
        List<Resource> resources = new ArrayList<>();
        String pem = GoldenMaterial.realize(
                "-----BEGIN CERTIFICATE-----\nMIIBfakebenchcertificateForGoldenTestsOnly\n-----END CERTIFICATE-----\n");
        String key = GoldenMaterial.realize(
                "-----BEGIN PRIVATE KEY-----\nMIIEfakebenchkeyForGoldenTestsOnly\n-----END PRIVATE KEY-----\n");
        resources.add(new TlsSecret(meta("local", "failover-upstream"), pem, key, ""));
        resources.add(new TlsSecret(meta("remote", "failover-downstream"), pem, key, pem));
        resources.add(new Gateway(
                meta("local", "gateway-proxy"),
                "::",
                8080,
                List.of("gateway-proxy"),
                new Gateway.HttpGateway(Map.of(), List.of()),
                null));
        Gateway.TcpHost host = new Gateway.TcpHost(
                "failover",
                new Gateway.TcpSsl(new ResourceRef("failover-downstream", NS), List.of(), false, List.of()),
                new Gateway.TcpDestination(true, null));
        resources.add(new Gateway(
                meta("remote", "failover-gateway"),
                "::",
                15443,
                List.of("gateway-proxy"),
                null,
                new Gateway.TcpGateway(List.of(host))));
        resources.add(new dev.spillway.api.model.ClusterRegistration(
                new ObjectMeta("remote", "", "remote", Map.of(), 0, ""),
                "",
                "",
                dev.spillway.api.model.ClusterRegistration.Network.GATEWAY,
                new HostPort("34.1.2.3", 15443),
                ""));
        HealthCheck check = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                1,
                1,
                null,
                null,
                null,
                null,
                new HealthCheck.Http("/health", "", List.of()),
                null,
                null);
        List<VirtualService.Route> routes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "svc-" + i;
            resources.add(staticUpstream("local", name, "10.0." + (i / 250) + "." + (i % 250 + 1), check));
            routes.add(new VirtualService.Route(
                    List.of(new VirtualService.Matcher(
                            VirtualService.PathKind.PREFIX, "/" + name, List.of(), List.of())),
                    new VirtualService.RouteAction(
                            List.of(new VirtualService.Destination(new ResourceRef(name, NS), 0)), false)));
            if (i % 10 == 0) {
                resources.add(staticUpstream("remote", name, "10.1." + (i / 250) + "." + (i % 250 + 1), check));
                resources.add(new FailoverScheme(
                        meta("local", "fs-" + i),
                        new FailoverScheme.Target("local", new ResourceRef(name, NS)),
                        List.of(new FailoverScheme.FailoverGroup(
                                List.of(new FailoverScheme.Target("remote", new ResourceRef(name, NS))))),
                        null));
            }
        }
        resources.add(new VirtualService(meta("local", "default"), List.of("*"), routes));
        return Inventory.of(resources.stream()
                .map(r -> new Inventory.Entry(r.key(), r, ResourceStatus.ACCEPTED, "bench"))
                .toList());
    }

    private static Upstream staticUpstream(String cluster, String name, String address, HealthCheck check) {
        return new Upstream(
                meta(cluster, name),
                null,
                new Upstream.StaticBackend(List.of(new HostPort(address, 8080)), false),
                List.of(check),
                null,
                null,
                null,
                null,
                false);
    }

    private static ObjectMeta meta(String cluster, String name) {
        return new ObjectMeta(cluster, NS, name, Map.of(), 0, "");
    }
}
