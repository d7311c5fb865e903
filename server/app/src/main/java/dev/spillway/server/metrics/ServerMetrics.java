package dev.spillway.server.metrics;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.server.failover.LoadAccounting;
import dev.spillway.server.xds.NackRecord;
import dev.spillway.server.xds.XdsMetrics;
import dev.spillway.snapshot.ReconcileTiming;
import dev.spillway.snapshot.XdsType;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/** Spillway's Prometheus metrics, served as text on the admin port's {@code /metrics}. */
public final class ServerMetrics implements XdsMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge streams = Gauge.builder()
            .name("spillway_xds_connected_streams")
            .help("Connected ADS streams")
            .labelNames("group", "protocol")
            .register(registry);
    private final Counter pushes = Counter.builder()
            .name("spillway_xds_pushes_total")
            .help("xDS responses sent")
            .labelNames("type")
            .register(registry);
    private final Counter bytes = Counter.builder()
            .name("spillway_xds_push_bytes_total")
            .help("Serialized bytes of the xDS responses sent")
            .register(registry);
    private final Histogram ackLatency = Histogram.builder()
            .name("spillway_xds_push_ack_seconds")
            .help("Time from sending a response to its ACK")
            .labelNames("type")
            .register(registry);
    private final Histogram responseBytes = Histogram.builder()
            .name("spillway_xds_push_size_bytes")
            .help("Serialized bytes of one xDS response (SotW EDS, RDS and SDS carry only what changed)")
            .labelNames("type")
            .classicExponentialUpperBounds(64, 4, 10)
            .register(registry);
    private final Counter resumed = Counter.builder()
            .name("spillway_xds_resumed_total")
            .help("Reconnected streams that already held a type's current version (CDS, LDS), so it was not sent")
            .labelNames("type")
            .register(registry);
    private final Counter nacks = Counter.builder()
            .name("spillway_xds_nacks_total")
            .help("Responses rejected by a proxy")
            .labelNames("group", "type")
            .register(registry);
    private final Counter streamFailures = Counter.builder()
            .name("spillway_xds_stream_failures_total")
            .help("ADS streams ended with INTERNAL because the server failed on one of their requests (a bug)")
            .labelNames("protocol")
            .register(registry);
    private final Histogram translation = Histogram.builder()
            .name("spillway_translation_seconds")
            .help("Duration of a full translation")
            .register(registry);
    private final Gauge resources = Gauge.builder()
            .name("spillway_resources")
            .help("Resources by kind and state")
            .labelNames("kind", "state")
            .register(registry);

    private final Histogram sourceQuiet = Histogram.builder()
            .name("spillway_change_source_quiet_seconds")
            .help("Time a change waited in its source's quiet period (file writes settling) before the source"
                    + " handed it over")
            .register(registry);
    private final Histogram debounce = Histogram.builder()
            .name("spillway_change_debounce_seconds")
            .help("Time from a change handed over to the start of its translation (the reconciler's quiet"
                    + " period, capped by its maximum delay)")
            .register(registry);
    private final Histogram changeTranslation = Histogram.builder()
            .name("spillway_change_translation_seconds")
            .help("Translation of a change: confined (only the clusters it touched) or full")
            .labelNames("path")
            .register(registry);
    private final Histogram publication = Histogram.builder()
            .name("spillway_change_publish_seconds")
            .help("Publishing every proxy group's snapshot after a translation")
            .register(registry);

    @Override
    public void onStreamOpened(ProxyGroup group, String protocol) {
        streams.labelValues(group.toString(), protocol).inc();
    }

    @Override
    public void onStreamClosed(ProxyGroup group, String protocol) {
        streams.labelValues(group.toString(), protocol).dec();
    }

    @Override
    public void onPush(ProxyGroup group, XdsType type, int size) {
        pushesByType.of(type).inc();
        bytes.inc(size);
        responseBytesByType.of(type).observe(size);
    }

    @Override
    public void onAck(ProxyGroup group, XdsType type, String version, long nanosSincePush) {
        ackLatencyByType.of(type).observe(nanosSincePush / 1e9);
    }

    /**
     * A metric's data point per xDS type, looked up once: every push and every ACK of every stream records one, and
     * a lookup by label hashes and compares the label text each time. Made on first use, so a type never pushed
     * shows no series.
     */
    private static final class ByType<T> {
        private final Function<String, T> labelled;
        private final AtomicReferenceArray<T> points = new AtomicReferenceArray<>(XdsType.values().length);

        ByType(Function<String, T> labelled) {
            this.labelled = labelled;
        }

        T of(XdsType type) {
            T point = points.get(type.ordinal());
            if (point == null) {
                point = labelled.apply(type.name().toLowerCase(Locale.ROOT));
                points.set(type.ordinal(), point);
            }
            return point;
        }
    }

    private final ByType<CounterDataPoint> pushesByType = new ByType<>(pushes::labelValues);
    private final ByType<DistributionDataPoint> responseBytesByType = new ByType<>(responseBytes::labelValues);
    private final ByType<DistributionDataPoint> ackLatencyByType = new ByType<>(ackLatency::labelValues);

    @Override
    public void onResumed(ProxyGroup group, XdsType type) {
        resumed.labelValues(type.name().toLowerCase()).inc();
    }

    @Override
    public void onNack(NackRecord nack) {
        nacks.labelValues(nack.group().toString(), nack.type().name().toLowerCase())
                .inc();
    }

    @Override
    public void onStreamFailed(String protocol, RuntimeException cause) {
        streamFailures.labelValues(protocol).inc();
    }

    /** Records one translation and the resulting resource states. */
    public void onTranslation(long nanos, Map<ResourceKey, ResourceStatus> statuses) {
        translation.observe(nanos / 1e9);
        Map<KindState, Integer> counts = new java.util.HashMap<>();
        statuses.forEach((k, s) ->
                counts.merge(new KindState(k.kind().displayName(), s.state().label(k.kind())), 1, Integer::sum));
        resources.clear();
        counts.forEach((k, n) -> resources.labelValues(k.kind(), k.state()).set(n));
    }

    /** Records how long a source's quiet period held the inventory it handed over. */
    public void onSourceQuietPeriod(long nanos) {
        sourceQuiet.observe(nanos / 1e9);
    }

    /** Records where one reconciliation's time went: debounce, translation, publication. */
    public void onReconcile(ReconcileTiming timing) {
        debounce.observe(timing.debounceNanos() / 1e9);
        changeTranslation.labelValues(timing.confined() ? "confined" : "full").observe(timing.translationNanos() / 1e9);
        publication.observe(timing.publishNanos() / 1e9);
    }

    private final Gauge activeTier = Gauge.builder()
            .name("spillway_failover_active_tier")
            .help("The lowest FailoverScheme tier carrying more than 10% of a proxy group's requests")
            .labelNames("scheme", "group")
            .register(registry);
    private final Counter failoverRequests = Counter.builder()
            .name("spillway_failover_requests_total")
            .help("Requests proxies reported sending to each tier of a FailoverScheme")
            .labelNames("scheme", "group", "tier")
            .register(registry);

    /** The FailoverSchemes' live tiers: {@code spillway_failover_active_tier} and {@code _requests_total}. */
    public LoadAccounting.Metrics failover() {
        return new LoadAccounting.Metrics() {
            @Override
            public void requests(ResourceKey scheme, ProxyGroup group, int tier, long count) {
                failoverRequests
                        .labelValues(scheme.namespace() + "/" + scheme.name(), group.toString(), Integer.toString(tier))
                        .inc(count);
            }

            @Override
            public void activeTier(ResourceKey scheme, ProxyGroup group, int tier) {
                activeTier
                        .labelValues(scheme.namespace() + "/" + scheme.name(), group.toString())
                        .set(tier);
            }
        };
    }

    /** The labels of one {@code spillway_resources} series. */
    private record KindState(String kind, String state) {}

    /** The Prometheus text exposition of every metric. */
    public String text() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
