package dev.spillway.server;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.source.InventorySource;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.api.status.SchemeReadiness;
import dev.spillway.api.status.StatusLines;
import dev.spillway.server.admin.AdminServer;
import dev.spillway.server.failover.FailoverActivity;
import dev.spillway.server.failover.LoadAccounting;
import dev.spillway.server.metrics.ServerMetrics;
import dev.spillway.server.source.file.FileSource;
import dev.spillway.server.status.FailoverExplanation;
import dev.spillway.server.status.StatusBoard;
import dev.spillway.server.status.StatusReport;
import dev.spillway.server.xds.AdsService;
import dev.spillway.server.xds.LrsService;
import dev.spillway.server.xds.NackLog;
import dev.spillway.server.xds.ProxyIdentity;
import dev.spillway.server.xds.XdsSecurity;
import dev.spillway.server.xds.XdsServer;
import dev.spillway.snapshot.Reconciler;
import dev.spillway.snapshot.SnapshotStore;
import dev.spillway.translator.LoadReportClusters;
import dev.spillway.translator.Translation;
import dev.spillway.translator.readiness.Readiness;
import dev.spillway.translator.xds.EnvoyJson;
import dev.spillway.translator.xds.XdsResources;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running control plane: file source → reconciler → snapshot store → ADS server, with the admin
 * endpoints and metrics. What {@code spillway serve} runs, and what integration tests start.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final InventorySource source;
    private final SnapshotStore store = new SnapshotStore();
    private final Reconciler reconciler;
    private final NackLog nacks = new NackLog();
    private final ServerMetrics metrics = new ServerMetrics();
    private final AdsService ads;
    private final LoadAccounting loads;
    private final LrsService lrs;
    private final XdsServer xds;
    private final AdminServer admin;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final PrintStream out;
    /** Readiness depends on the time: certificates expire with no change to the config. */
    private final Clock clock = Clock.systemUTC();

    private final Map<ResourceKey, String> printed = new HashMap<>();
    private final java.util.List<java.util.function.Consumer<Statuses>> statusListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Where and how to serve.
     *
     * @param configDir    the config directory, one sub-directory per cluster
     * @param xdsPort      ADS gRPC port (0 picks a free one)
     * @param adminAddress admin HTTP bind address
     * @param adminPort    admin HTTP port (0 picks a free one)
     * @param quietPeriod  debounce quiet period
     * @param maxDelay     debounce bound
     * @param xdsSecurity  the xDS port's bind address, TLS and client identities
     * @param loadReportInterval how often proxies report their load (LRS)
     */
    public record Settings(
            Path configDir,
            int xdsPort,
            String adminAddress,
            int adminPort,
            Duration quietPeriod,
            Duration maxDelay,
            XdsSecurity xdsSecurity,
            Duration loadReportInterval) {
        /** Load reports every {@link LrsService#DEFAULT_INTERVAL}. */
        public Settings(
                Path configDir,
                int xdsPort,
                String adminAddress,
                int adminPort,
                Duration quietPeriod,
                Duration maxDelay,
                XdsSecurity xdsSecurity) {
            this(
                    configDir,
                    xdsPort,
                    adminAddress,
                    adminPort,
                    quietPeriod,
                    maxDelay,
                    xdsSecurity,
                    LrsService.DEFAULT_INTERVAL);
        }

        /** These settings with proxies reporting load every {@code interval}. */
        public Settings withLoadReportInterval(Duration interval) {
            return new Settings(
                    configDir, xdsPort, adminAddress, adminPort, quietPeriod, maxDelay, xdsSecurity, interval);
        }

        /** Plaintext xDS on loopback. */
        public Settings(
                Path configDir,
                int xdsPort,
                String adminAddress,
                int adminPort,
                Duration quietPeriod,
                Duration maxDelay) {
            this(configDir, xdsPort, adminAddress, adminPort, quietPeriod, maxDelay, XdsSecurity.LOOPBACK_PLAINTEXT);
        }
    }

    private ControlPlane(Settings settings, InventorySource source, PrintStream out) throws IOException {
        this.out = out;
        this.source = source;
        this.reconciler = new Reconciler(store, new Reconciler.Settings(settings.quietPeriod(), settings.maxDelay()));
        XdsSecurity security = settings.xdsSecurity();
        ProxyIdentity identity = new ProxyIdentity(this::clusters);
        this.ads = new AdsService(store, identity, nacks, metrics, security.authorizer());
        this.loads = new LoadAccounting(settings.loadReportInterval(), metrics.failover());
        this.lrs = new LrsService(new LrsService.Settings(
                identity,
                security.authorizer(),
                loads::clustersOf,
                settings.loadReportInterval(),
                loads,
                java.time.Clock.systemUTC()));
        try {
            this.xds = XdsServer.listen(security.bindAddress(), settings.xdsPort(), security.tls(), ads, lrs);
        } catch (IOException | RuntimeException e) {
            ads.close();
            throw e;
        }
        security.warning().ifPresent(LOG::warn);
        this.admin = new AdminServer(
                new InetSocketAddress(settings.adminAddress(), settings.adminPort()),
                new AdminServer.Endpoints(
                        this::probe, metrics::text, this::statusJson, this::configDump, this::failoverJson));
    }

    /** Serves the settings' config directory: loads it, publishes the first snapshots, then starts serving. */
    public static ControlPlane start(Settings settings, PrintStream out) throws IOException {
        return start(settings, new FileSource(settings.configDir()), out);
    }

    /** Serves what a source reads: loads it, publishes the first snapshots, then starts serving. */
    public static ControlPlane start(Settings settings, InventorySource source, PrintStream out) throws IOException {
        ControlPlane plane = new ControlPlane(settings, source, out);
        try {
            plane.admin.start();
            plane.reconciler.addListener(plane::onTranslation);
            Inventory first = plane.source.load();
            plane.reconciler.reconcileNow(first);
            plane.source.subscribe(plane::onInventory);
            plane.source.start();
            plane.nacks.addListener(n -> plane.report(plane.reconciler.current()));
            plane.xds.start();
        } catch (IOException | RuntimeException e) {
            plane.close();
            throw e;
        }
        plane.ready.set(true);
        LOG.info(
                "serving {} over ADS on port {}, admin on {}:{}",
                source,
                plane.xdsPort(),
                settings.adminAddress(),
                plane.adminPort());
        return plane;
    }

    private void onInventory(Inventory inventory) {
        long quiet = source.lastQuietNanos();
        if (quiet >= 0) {
            metrics.onSourceQuietPeriod(quiet);
        }
        reconciler.submit(inventory);
    }

    private void onTranslation(Translation translation) {
        metrics.onTranslation(reconciler.lastDurationNanos(), translation.statuses());
        if (reconciler.lastTiming() != null) {
            metrics.onReconcile(reconciler.lastTiming());
        }
        loads.reportingClusters(LoadReportClusters.of(translation));
        lrs.clustersChanged();
        report(translation);
    }

    /** Prints the status line of every resource whose status changed since it was last printed. */
    private synchronized void report(Translation translation) {
        if (translation == null) {
            return;
        }
        SortedMap<ResourceKey, SchemeReadiness> readiness = readiness(translation);
        Map<ResourceKey, ResourceStatus> statuses =
                StatusBoard.statuses(translation, nacks.current(), readiness, clock.instant());
        Statuses round = new Statuses(translation, statuses, readiness);
        statusListeners.forEach(l -> l.accept(round));
        Set<ResourceKey> gone = new TreeSet<>(printed.keySet());
        statuses.forEach((key, status) -> {
            gone.remove(key);
            String line = StatusLines.line(key, status);
            if (!line.equals(printed.put(key, line))) {
                out.println(line);
            }
        });
        gone.forEach(key -> {
            printed.remove(key);
            out.println("Deleted " + key.kind().displayName() + " " + key.path());
        });
        out.flush();
    }

    private Set<String> clusters() {
        Translation t = reconciler.current();
        Set<String> names = new TreeSet<>();
        if (t != null) {
            t.statuses().keySet().forEach(k -> names.add(k.cluster()));
        }
        return names;
    }

    private String statusJson() {
        Translation t = reconciler.current();
        if (t == null) {
            throw new AdminServer.NotAvailableYet("not translated yet");
        }
        SortedMap<ResourceKey, SchemeReadiness> readiness = readiness(t);
        return StatusReport.json(
                StatusBoard.statuses(t, nacks.current(), readiness, clock.instant()),
                t.resolution().failovers(),
                StatusBoard.nackMaps(nacks.current()),
                readiness,
                loads.current());
    }

    private String failoverJson() {
        Translation t = reconciler.current();
        if (t == null) {
            throw new AdminServer.NotAvailableYet("not translated yet");
        }
        SortedMap<ResourceKey, SchemeReadiness> readiness = readiness(t);
        Map<ProxyGroup, Integer> streams = new HashMap<>();
        ads.connectedStreams().forEach((key, n) -> streams.merge(key.group(), n, Integer::sum));
        return FailoverExplanation.json(
                t,
                readiness,
                StatusBoard.statuses(t, nacks.current(), readiness, clock.instant()),
                group -> streams.getOrDefault(group, 0),
                loads);
    }

    private String configDump(String group) {
        Translation t = reconciler.current();
        XdsResources xds;
        try {
            xds = t == null ? null : t.groups().get(ProxyGroup.parse(group));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return xds == null ? null : EnvoyJson.groupDump(xds);
    }

    /**
     * Every resource's status (translation and NACKs) whenever they may have changed, with the translation
     * and readiness they were computed from.
     *
     * @param translation the translation
     * @param statuses    every resource's status
     * @param readiness   every FailoverScheme's readiness at that translation
     */
    public record Statuses(
            Translation translation,
            Map<ResourceKey, ResourceStatus> statuses,
            SortedMap<ResourceKey, SchemeReadiness> readiness) {}

    /** Called with every resource's status (translation and NACKs) whenever they may have changed. */
    public void addStatusListener(java.util.function.Consumer<Statuses> listener) {
        statusListeners.add(listener);
        report(reconciler.current());
    }

    /** The xDS calls (ADS and load-report streams) open now. */
    public int openXdsStreams() {
        return xds.openCalls();
    }

    public int xdsPort() {
        return xds.port();
    }

    public int adminPort() {
        return admin.port();
    }

    public SnapshotStore store() {
        return store;
    }

    public NackLog nacks() {
        return nacks;
    }

    /** Every FailoverScheme's readiness in the latest translation, checked now. */
    public SortedMap<ResourceKey, SchemeReadiness> readiness() {
        return readiness(reconciler.current());
    }

    private SortedMap<ResourceKey, SchemeReadiness> readiness(Translation translation) {
        return translation == null ? new TreeMap<>() : Readiness.of(translation, clock.instant());
    }

    /** Where each FailoverScheme's traffic goes now, from the proxies' load reports. */
    public FailoverActivity failoverActivity() {
        return loads;
    }

    /** The load reports' accounting: its published activity, and its tier changes as they happen. */
    public LoadAccounting loadAccounting() {
        return loads;
    }

    /** The latest translation. */
    public Translation translation() {
        return reconciler.current();
    }

    private AdminServer.Readiness probe() {
        if (draining.get()) {
            return AdminServer.Readiness.DRAINING;
        }
        return ready.get() ? AdminServer.Readiness.READY : AdminServer.Readiness.LOADING;
    }

    /** True from the start of {@link #drain} on: {@code /readyz} answers 503. */
    public boolean draining() {
        return draining.get();
    }

    /** {@link #drain(DrainPolicy, DrainPolicy.Pause)} waiting out the delay on the clock: what SIGTERM runs. */
    public void drain(DrainPolicy policy) {
        drain(policy, DrainPolicy.Pause.SLEEP);
    }

    /**
     * Stops serving without cutting proxies off: {@code /readyz} turns 503 first, so that the Service stops
     * sending new proxies here; after {@code policy.delay()} (waited by {@code pause}) the xDS port takes no new
     * stream, sends GOAWAY and ends the ADS and load-report streams, whose proxies reconnect to another replica;
     * after at most {@code policy.timeout()} more, what is left is cut and everything stops.
     */
    public void drain(DrainPolicy policy, DrainPolicy.Pause pause) {
        if (closed.getCount() == 0 || !draining.compareAndSet(false, true)) {
            return;
        }
        LOG.info(
                "draining: /readyz answers 503; {} xDS streams open; GOAWAY in {} ms",
                xds.openCalls(),
                policy.delay().toMillis());
        try {
            pause.pause(policy.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int atStart = xds.stopAccepting();
        lrs.close();
        LOG.info(
                "draining: GOAWAY sent, no new streams; ended {} xDS streams; waiting up to {} ms for them to close",
                atStart,
                policy.timeout().toMillis());
        int cut = xds.awaitDrained(policy.timeout());
        if (cut > 0) {
            LOG.warn(
                    "draining: {} of {} xDS streams still open after {} ms: cut",
                    cut,
                    atStart,
                    policy.timeout().toMillis());
        } else {
            LOG.info("draining: all {} xDS streams closed", atStart);
        }
        close();
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Drains the ADS streams, then stops everything. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        ready.set(false);
        lrs.close();
        xds.close();
        ads.close();
        source.close();
        reconciler.close();
        admin.close();
        closed.countDown();
        LOG.info("stopped");
    }
}
