package dev.spillway.server.source.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API server's CRUD dispatcher, plus what the tests need around it: a record of status
 * writes, injected 409 conflicts on status writes, and resources answered with 404 as when their
 * CRD is not installed. Outlives the servers it serves, so a restarted server keeps its objects.
 */
public final class TestDispatcher extends Dispatcher {

    private final KubernetesCrudDispatcher crud;
    private final List<String> statusWrites = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger conflictsToInject = new AtomicInteger();
    private final AtomicInteger conflictsInjected = new AtomicInteger();
    private final Set<String> missingResources = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicReference<Hold> nextStatusWriteHold =
            new java.util.concurrent.atomic.AtomicReference<>();
    /** Watches from a resourceVersion below this one are answered 410 Gone; 0 for none. */
    private volatile long compactedBefore;
    /** The watched collections answered 410 Gone since {@link #compactHistoryBefore}. */
    private final Set<String> goneServed = ConcurrentHashMap.newKeySet();

    public TestDispatcher(KubernetesCrudDispatcher crud) {
        this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String authorization = request.getHeader("Authorization");
        requests.add(new Request(authorization == null ? "" : authorization, request.getMethod(), path));
        String resource = resourceOf(path);
        if (resource != null && missingResources.contains(resource)) {
            return new MockResponse()
                    .setResponseCode(404)
                    .setBody(status(404, "NotFound", "the server could not find the requested resource"));
        }
        if (isWatch(path) && resourceVersion(path) < compactedBefore) {
            goneServed.add(path.split("\\?")[0]);
            return expired();
        }
        if (isStatusWrite(request)) {
            if (conflictsToInject.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                conflictsInjected.incrementAndGet();
                return new MockResponse()
                        .setResponseCode(409)
                        .setBody(status(
                                409,
                                "Conflict",
                                "Operation cannot be fulfilled: the object has been modified; please apply your changes"
                                        + " to the latest version and try again"));
            }
            statusWrites.add(request.getMethod() + " " + path);
            Hold hold = nextStatusWriteHold.getAndSet(null);
            if (hold != null) {
                hold.holdHere();
            }
        }
        return crud.dispatch(request);
    }

    /** The servers come and go; the objects stay. */
    @Override
    public void shutdown() {}

    /**
     * What an API server answers a watch from a resourceVersion it has compacted away: the watch is opened,
     * and its one event is an ERROR carrying a 410 Status (the watch cache's errWatcher, k8s.io/apiserver
     * pkg/storage/cacher/cacher.go Watch).
     */
    private static MockResponse expired() {
        String event = "{\"type\":\"ERROR\",\"object\":" + status(410, "Expired", "too old resource version") + "}";
        return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                webSocket.send(event);
            }
        });
    }

    private static boolean isWatch(String path) {
        return "true".equals(parameter(path, "watch"));
    }

    /** The request's {@code resourceVersion}, or {@link Long#MAX_VALUE} when it has none (or not a number). */
    private static long resourceVersion(String path) {
        try {
            String value = parameter(path, "resourceVersion");
            return value == null ? Long.MAX_VALUE : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String parameter(String path, String name) {
        int query = path.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String pair : path.substring(query + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** {@code PUT|PATCH .../<plural>/<name>/status}. */
    private static boolean isStatusWrite(RecordedRequest request) {
        String method = request.getMethod();
        String path = request.getPath().split("\\?")[0];
        return ("PUT".equals(method) || "PATCH".equals(method)) && path.endsWith("/status");
    }

    /** The plural of a collection or object path ({@code /apis/g/v/namespaces/ns/failoverschemes/x}). */
    private static String resourceOf(String path) {
        String[] parts = path.split("\\?")[0].split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("apis") && i + 3 < parts.length) {
                int at = parts[i + 3].equals("namespaces") ? i + 5 : i + 3;
                return at < parts.length ? parts[at] : null;
            }
        }
        return null;
    }

    private static String status(int code, String reason, String message) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":" + code + ",\"reason\":\""
                + reason + "\",\"message\":\"" + message + "\"}";
    }

    /**
     * One request as the server received it.
     *
     * @param authorization its {@code Authorization} header, empty when none: tells clients apart
     */
    public record Request(String authorization, String method, String path) {
        /** True for a read or write of one named object or its status (not a list or a watch). */
        public boolean onObject() {
            String p = path.split("\\?")[0];
            String[] parts = p.split("/");
            String plural = resourceOf(p);
            if (plural == null) {
                return false;
            }
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].equals(plural)) {
                    return true;
                }
            }
            return false;
        }

        /** True for {@code PUT|PATCH .../status}. */
        public boolean statusWrite() {
            return ("PUT".equals(method) || "PATCH".equals(method)) && path.split("\\?")[0].endsWith("/status");
        }
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every status write that reached the store, as {@code METHOD path}. */
    public List<String> statusWrites() {
        return List.copyOf(statusWrites);
    }

    /** Answers the next {@code count} status writes with 409 Conflict. */
    public void conflictOnNextStatusWrites(int count) {
        conflictsToInject.set(count);
    }

    public int conflictsInjected() {
        return conflictsInjected.get();
    }

    /**
     * Forgets the history before {@code revision}, as etcd compaction does: from then on every watch from an
     * older resourceVersion is answered 410 Gone, and the watcher must list again (a list's resourceVersion is
     * the store's latest). The mock would otherwise resume any watch without the events it missed.
     */
    public void compactHistoryBefore(long revision) {
        goneServed.clear();
        compactedBefore = revision;
    }

    /** The collection paths whose watch was answered 410 Gone since {@link #compactHistoryBefore}. */
    public Set<String> goneServed() {
        return Set.copyOf(goneServed);
    }

    /**
     * Holds the next status write once it arrived (it counts in {@link #statusWrites()}) until released: a
     * write in flight, for as long as a test needs one.
     */
    public Hold holdNextStatusWrite() {
        Hold hold = new Hold();
        nextStatusWriteHold.set(hold);
        return hold;
    }

    /** One status write held by {@link #holdNextStatusWrite()}. */
    public static final class Hold {
        private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        private void holdHere() {
            arrived.countDown();
            await(released);
        }

        /** Waits, up to 10 s, for the write to arrive. */
        public boolean awaitArrived() {
            return await(arrived);
        }

        /** Lets the write through. */
        public void release() {
            released.countDown();
        }

        private static boolean await(java.util.concurrent.CountDownLatch latch) {
            try {
                return latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Answers every request on a custom resource plural with 404, as without its CRD. */
    public void withoutResource(String plural) {
        missingResources.add(plural);
    }
}
