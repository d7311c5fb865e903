package dev.spillway.server.source.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One federation cluster for tests: fabric8's mock API server in CRUD mode (a real HTTP API with
 * list and watch), with the Gloo CRDs (status subresource on), a client tuned to notice an outage
 * quickly, and a server that can be stopped and started again on the same port, objects kept.
 */
public final class MockCluster implements AutoCloseable {

    /** The mock web server logs every request at INFO through java.util.logging: too much for tests. */
    private static final Logger QUIET = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    private final String name;
    private final TestDispatcher dispatcher;
    private final KubernetesClient client;
    private KubernetesMockServer server;
    private boolean running = true;
    private final int port;

    public MockCluster(String name) {
        this.name = name;
        List<CustomResourceDefinitionContext> crds =
                WatchedKind.custom().stream().map(MockCluster::crd).toList();
        this.dispatcher = new TestDispatcher(new KubernetesCrudDispatcher(crds));
        this.server = serve(0);
        this.port = server.getPort();
        this.client = server.createClient(b -> b.editOrNewConfig()
                .withWatchReconnectInterval(100)
                .withWatchReconnectLimit(-1)
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(1_000)
                .withRequestTimeout(5_000)
                .endConfig());
    }

    private static CustomResourceDefinitionContext crd(WatchedKind kind) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion("v1")
                .withPlural(kind.plural())
                .withKind(kind.kindName())
                .withScope("Namespaced")
                .withStatusSubresource(true)
                .build();
    }

    private KubernetesMockServer serve(int onPort) {
        KubernetesMockServer mock =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        mock.init(InetAddress.getLoopbackAddress(), onPort);
        return mock;
    }

    public String name() {
        return name;
    }

    public KubernetesClient client() {
        return client;
    }

    public TestDispatcher dispatcher() {
        return dispatcher;
    }

    public ClusterConnection connection() {
        return ClusterConnection.of(name, client);
    }

    /** The API server goes away: connections are refused. */
    public void stop() {
        running = false;
        server.destroy();
    }

    /** The API server comes back on the same address, with the same objects. */
    public void restart() {
        server = serve(port);
        running = true;
    }

    /** Creates every object of {@code kube/<path>} on the classpath, as {@code kubectl apply} would. */
    public void apply(String... paths) {
        Arrays.stream(paths)
                .forEach(path -> objects(path).forEach(o -> resource(client, o).create()));
    }

    /** Deletes every object of {@code kube/<path>}. */
    public void delete(String path) {
        objects(path).forEach(o -> resource(client, o).delete());
    }

    /**
     * While the API server is down (see {@link #stop()}), changes its objects through a second server on
     * another port that shares its store: what happened in the cluster while the watches could not see it.
     */
    public void changeWhileDown(java.util.function.Consumer<Changes> changes) {
        if (running) {
            throw new IllegalStateException("cluster " + name + " is up: its watches would see the changes");
        }
        KubernetesMockServer side = serve(0);
        try (KubernetesClient sideClient = side.createClient()) {
            changes.accept(new Changes(sideClient));
        } finally {
            side.destroy();
        }
    }

    /** Changes made to a cluster's objects through another way in; see {@link #changeWhileDown}. */
    public final class Changes {
        private final KubernetesClient via;

        private Changes(KubernetesClient via) {
            this.via = via;
        }

        /** The client on the other way in. */
        public KubernetesClient client() {
            return via;
        }

        public void apply(String path) {
            objects(path).forEach(o -> resource(via, o).create());
        }

        public void delete(String path) {
            objects(path).forEach(o -> resource(via, o).delete());
        }

        /** The store's latest resourceVersion (a list's resourceVersion in the mock). */
        public long revision() {
            return Long.parseLong(via.namespaces().list().getMetadata().getResourceVersion());
        }
    }

    private List<HasMetadata> objects(String path) {
        try (InputStream in = MockCluster.class.getResourceAsStream("/kube/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource kube/" + path);
            }
            return client.load(in).items();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Resource<HasMetadata> resource(KubernetesClient client, HasMetadata object) {
        if (object instanceof GenericKubernetesResource generic) {
            WatchedKind kind = custom(generic.getKind());
            Resource<GenericKubernetesResource> r = client.genericKubernetesResources(kind.context())
                    .inNamespace(generic.getMetadata().getNamespace())
                    .resource(generic);
            return (Resource<HasMetadata>) (Resource<?>) r;
        }
        String namespace = object.getMetadata().getNamespace();
        return namespace == null
                ? client.resource(object)
                : client.resource(object).inNamespace(namespace);
    }

    /** A Gloo custom resource as the API server has it now, or null. */
    public GenericKubernetesResource get(WatchedKind kind, String namespace, String objectName) {
        return client.genericKubernetesResources(kind.context())
                .inNamespace(namespace)
                .withName(objectName)
                .get();
    }

    /** The {@code status} of a Gloo custom resource, or null. */
    public Object status(WatchedKind kind, String namespace, String objectName) {
        GenericKubernetesResource object = get(kind, namespace, objectName);
        return object == null ? null : object.getAdditionalProperties().get("status");
    }

    public static WatchedKind custom(String kindName) {
        return WatchedKind.custom().stream()
                .filter(k -> k.kindName().equals(kindName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Gloo kind: " + kindName));
    }

    /**
     * Shuts the server down first, then the client. The other way round, the client's closing
     * handshakes of its watches can stall the mock server's event loop (its watch listener waits on
     * a task that needs that loop) until the server's shutdown times out.
     */
    @Override
    public void close() {
        stopIfRunning();
        client.close();
    }

    /**
     * Shuts the server down unless it is down already; for teardown. On a loaded machine the mock server's
     * shutdown can outlast its own timeout ("Unable to close MockWebServer") while a watch connection drains:
     * that says nothing about the test, whose assertions have all run, so it is logged and the port left to
     * close by itself.
     */
    public void stopIfRunning() {
        if (running) {
            try {
                stop();
            } catch (IllegalStateException e) {
                QUIET.warning("mock API server " + name + " was slow to shut down: " + e.getMessage());
            }
        }
    }
}
