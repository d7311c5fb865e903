package dev.spillway.it.envoy;

import java.io.PrintStream;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The extension every real-Envoy test class carries ({@code @ExtendWith(EnvoyTests.class)}).
 *
 * <ul>
 *   <li>Each test is aborted (a JUnit assumption, "skipped" in Surefire's report, with the reason) when
 *       this machine has no Envoy: no test passes without having run against one.</li>
 *   <li>It counts the Envoy tests that ran and that were skipped, and prints one line per class and one
 *       for the whole run, e.g. {@code Envoy tests: 0 ran, 9 skipped (no Docker engine, no envoy on PATH,
 *       ENVOY_BIN unset)}, so the build output says whether Envoy was exercised at all.</li>
 * </ul>
 */
public final class EnvoyTests implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EnvoyTests.class);

    /** Counts for one scope (a class, or the whole run). */
    private static final class Tally implements AutoCloseable {
        final String scope;
        final AtomicInteger passed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final Set<String> reasons = new TreeSet<>();
        final boolean printOnClose;

        Tally(String scope, boolean printOnClose) {
            this.scope = scope;
            this.printOnClose = printOnClose;
        }

        synchronized void skip(String reason) {
            skipped.incrementAndGet();
            reasons.add(reason == null ? "no reason given" : reason);
        }

        synchronized String line() {
            int ran = passed.get() + failed.get();
            StringBuilder s = new StringBuilder(scope).append(": ").append(ran).append(" ran");
            if (failed.get() > 0) {
                s.append(" (").append(failed.get()).append(" failed)");
            }
            s.append(", ").append(skipped.get()).append(" skipped");
            if (!reasons.isEmpty()) {
                s.append(" (")
                        .append(String.join(
                                "; ",
                                reasons.stream().map(EnvoyTests::shortReason).toList()))
                        .append(')');
            }
            EnvoyRuntime runtime = EnvoyRuntime.current();
            if (runtime.available()) {
                s.append(" [").append(runtime.description()).append(']');
            }
            return s.toString();
        }

        /** Closed by JUnit when the run ends: the run's summary line. */
        @Override
        public void close() {
            if (printOnClose) {
                print(line());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        total(context);
        tally(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        EnvoyRuntime.current().assumeAvailable();
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        tally(context).passed.incrementAndGet();
        total(context).passed.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        tally(context).failed.incrementAndGet();
        total(context).failed.incrementAndGet();
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        String reason = cause == null ? null : cause.getMessage();
        tally(context).skip(reason);
        total(context).skip(reason);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        tally(context).skip(reason.orElse("disabled"));
        total(context).skip(reason.orElse("disabled"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        print(tally(context).line());
    }

    private static Tally tally(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        while (testClass.getEnclosingClass() != null) {
            testClass = testClass.getEnclosingClass();
        }
        String scope = "Envoy tests in " + testClass.getSimpleName();
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent()
                && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NS).getOrComputeIfAbsent("tally", k -> new Tally(scope, false), Tally.class);
    }

    private static Tally total(ExtensionContext context) {
        return context.getRoot()
                .getStore(NS)
                .getOrComputeIfAbsent("total", k -> new Tally("Envoy tests", true), Tally.class);
    }

    /** "Envoy not available (no Docker engine, ...)" reads as just the part in brackets in the summary. */
    private static String shortReason(String reason) {
        String prefix = "Envoy not available (";
        if (reason.startsWith(prefix) && reason.endsWith(")")) {
            return reason.substring(prefix.length(), reason.length() - 1);
        }
        return reason;
    }

    @SuppressWarnings("resource") // the JVM's stdout, never closed
    private static void print(String line) {
        PrintStream out = System.out;
        out.println(line);
        out.flush();
    }
}
