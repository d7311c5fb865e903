package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the server reports. */
final class RecordingMetrics implements XdsMetrics {
    final AtomicLong pushes = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong acks = new AtomicLong();
    final List<NackRecord> nacks = new CopyOnWriteArrayList<>();
    final List<String> streamEvents = new CopyOnWriteArrayList<>();
    final List<XdsType> resumed = new CopyOnWriteArrayList<>();
    final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onStreamOpened(ProxyGroup group, String protocol) {
        streamEvents.add("opened " + group + " " + protocol);
    }

    @Override
    public void onStreamClosed(ProxyGroup group, String protocol) {
        streamEvents.add("closed " + group + " " + protocol);
    }

    @Override
    public void onPush(ProxyGroup group, XdsType type, int size) {
        pushes.incrementAndGet();
        bytes.addAndGet(size);
    }

    @Override
    public void onAck(ProxyGroup group, XdsType type, String version, long nanosSincePush) {
        acks.incrementAndGet();
    }

    @Override
    public void onResumed(ProxyGroup group, XdsType type) {
        resumed.add(type);
    }

    @Override
    public void onNack(NackRecord nack) {
        nacks.add(nack);
    }

    @Override
    public void onStreamFailed(String protocol, RuntimeException cause) {
        failures.add(cause);
    }
}
