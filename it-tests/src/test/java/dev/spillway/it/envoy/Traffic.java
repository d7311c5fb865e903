package dev.spillway.it.envoy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Steady requests through a proxy in the background, remembering every one that did not succeed. */
final class Traffic implements AutoCloseable {
    private final String url;
    private final String expected;
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean running = true;

    private Traffic(String url, String expected) {
        this.url = url;
        this.expected = expected;
        this.thread = new Thread(this::run, "traffic-" + url);
        thread.setDaemon(true);
    }

    /** GETs {@code url} every 20 ms, expecting 200 with body {@code expected}. */
    static Traffic start(String url, String expected) {
        Traffic t = new Traffic(url, expected);
        t.thread.start();
        return t;
    }

    private void run() {
        long start = System.nanoTime();
        while (running) {
            Http.Answer a = Http.get(url);
            if (!running) {
                return; // stopped mid-request: not the proxy's fault
            }
            sent.incrementAndGet();
            if (!a.is(expected)) {
                synchronized (failures) {
                    failures.add(String.format("at %d ms: %s", (System.nanoTime() - start) / 1_000_000, a));
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int sent() {
        return sent.get();
    }

    /** Blocks until {@code more} further requests were sent. */
    void awaitMore(int more) {
        int target = sent() + more;
        Poll.until(
                more + " more requests to " + url,
                java.time.Duration.ofSeconds(30),
                () -> sent() >= target,
                () -> sent() + " sent");
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(new ArrayList<>(failures));
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
