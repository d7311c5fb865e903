package dev.spillway.it.load;

import dev.spillway.api.model.Gateway;
import dev.spillway.api.model.HealthCheck;
import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.Resource;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.model.VirtualService;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The configuration both servers serve: in federation cluster {@code local}, {@code upstreams} static upstreams
 * (one host each, an HTTP health check), one HTTP Gateway on port 8080 for proxy {@code gateway-proxy}, and one
 * VirtualService with a prefix route to each upstream. Change {@code k} moves the single host of upstream
 * {@code k % upstreams} to a new address, never used before: an endpoints-only change (the Envoy cluster, and so
 * its EDS service name, stay the same). Not thread-safe; one instance per server process.
 */
final class LoadScenario {
    static final String CLUSTER = "local";
    static final String PROXY = "gateway-proxy";
    static final ProxyGroup GROUP = new ProxyGroup(CLUSTER, PROXY);
    private static final String NS = "gloo-system";

    private final String[] addresses;
    private final String[] healthPaths;
    private final String[] prefixes;
    /** What {@link #inventory} built for each upstream, kept until a change touches it (null: build again). */
    private final Upstream[] upstreams;

    private final VirtualService.Route[] routes;
    private VirtualService virtualService;
    private Gateway gateway;
    private int changes;

    LoadScenario(int upstreams) {
        addresses = new String[upstreams];
        healthPaths = new String[upstreams];
        prefixes = new String[upstreams];
        this.upstreams = new Upstream[upstreams];
        this.routes = new VirtualService.Route[upstreams];
        for (int i = 0; i < upstreams; i++) {
            addresses[i] = "10.0." + (i / 250) + "." + (i % 250 + 1);
            healthPaths[i] = "/health";
            prefixes[i] = "/svc-" + i;
        }
    }

    /** Applies change {@code k} (1, 2, ...): one upstream's host moves to an address unique to {@code k}. */
    Inventory change(int k) {
        if (k != changes + 1) {
            throw new IllegalArgumentException("changes come in order: expected " + (changes + 1) + ", got " + k);
        }
        changes = k;
        addresses[k % addresses.length] = "10.128." + (k / 250 % 250) + "." + (k % 250 + 1);
        upstreams[k % addresses.length] = null;
        return inventory();
    }

    /**
     * Applies change {@code k} of another kind: {@code cluster} changes upstream {@code k % upstreams}'s health check
     * path (a new Envoy cluster definition: CDS, and its assignment re-sent); {@code route} changes its route's
     * prefix (RDS); {@code endpoint} is {@link #change}.
     */
    Inventory change(int k, String kind) {
        if (kind.equals("endpoint")) {
            return change(k);
        }
        if (k != changes + 1) {
            throw new IllegalArgumentException("changes come in order: expected " + (changes + 1) + ", got " + k);
        }
        changes = k;
        switch (kind) {
            case "cluster" -> {
                healthPaths[k % healthPaths.length] = "/health-" + k;
                upstreams[k % healthPaths.length] = null;
            }
            case "route" -> {
                prefixes[k % prefixes.length] = "/svc-" + (k % prefixes.length) + "-" + k;
                routes[k % prefixes.length] = null;
                virtualService = null;
            }
            default -> throw new IllegalArgumentException("change kind must be endpoint, cluster or route: " + kind);
        }
        return inventory();
    }

    /**
     * The current state. Resources a change did not touch are the objects built before, as the file source keeps
     * what it decoded from the files that did not change.
     */
    Inventory inventory() {
        List<Resource> resources = new ArrayList<>();
        if (gateway == null) {
            gateway = new Gateway(
                    meta("gateway-proxy"),
                    "::",
                    8080,
                    List.of(PROXY),
                    new Gateway.HttpGateway(Map.of(), List.of()),
                    null);
        }
        resources.add(gateway);
        for (int i = 0; i < addresses.length; i++) {
            if (upstreams[i] == null) {
                upstreams[i] = upstream(i);
            }
            resources.add(upstreams[i]);
        }
        if (virtualService == null) {
            for (int i = 0; i < addresses.length; i++) {
                if (routes[i] == null) {
                    routes[i] = route(i);
                }
            }
            virtualService = new VirtualService(meta("default"), List.of("*"), List.of(routes));
        }
        resources.add(virtualService);
        return Inventory.of(resources.stream()
                .map(r -> new Inventory.Entry(r.key(), r, ResourceStatus.ACCEPTED, "load"))
                .toList());
    }

    private Upstream upstream(int i) {
        HealthCheck check = new HealthCheck(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                2,
                2,
                null,
                null,
                null,
                null,
                new HealthCheck.Http(healthPaths[i], "", List.of()),
                null,
                null);
        return new Upstream(
                meta("svc-" + i),
                null,
                new Upstream.StaticBackend(List.of(new HostPort(addresses[i], 8080)), false),
                List.of(check),
                null,
                null,
                null,
                null,
                false);
    }

    private VirtualService.Route route(int i) {
        return new VirtualService.Route(
                List.of(new VirtualService.Matcher(VirtualService.PathKind.PREFIX, prefixes[i], List.of(), List.of())),
                new VirtualService.RouteAction(
                        List.of(new VirtualService.Destination(new ResourceRef("svc-" + i, NS), 0)), false));
    }

    private static ObjectMeta meta(String name) {
        return new ObjectMeta(CLUSTER, NS, name, Map.of(), 0, "");
    }
}
