package dev.spillway.translator.xds;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers the Envoy resources built (and field-rule checked) for each model unit, keyed by the unit's
 * content, so a re-translation only builds what changed. A unit that the latest translation did not use
 * is forgotten at the end of it. Not thread-safe: it belongs to the one reconcile thread.
 */
public final class XdsMemo {
    private Map<Object, XdsResources> previous = new HashMap<>();
    private Map<Object, XdsResources> current = new HashMap<>();
    private long hits;
    private long misses;

    XdsResources get(Object unit, Supplier<XdsResources> build) {
        XdsResources built = current.get(unit);
        if (built == null) {
            built = previous.get(unit);
            if (built == null) {
                misses++;
                built = build.get();
            } else {
                hits++;
            }
            current.put(unit, built);
        }
        return built;
    }

    /** Ends one full translation: what it did not use is dropped. */
    public void endTranslation() {
        previous = current;
        current = new HashMap<>();
    }

    /**
     * Ends a translation that rebuilt only some units and kept the rest of the previous one: what it built
     * joins what the previous one used, and the units it replaced are dropped.
     */
    public void endPartialTranslation(Collection<?> replaced) {
        previous.putAll(current);
        replaced.forEach(previous::remove);
        current = new HashMap<>();
    }

    /** Units reused from an earlier translation. */
    public long hits() {
        return hits;
    }

    /** Units built. */
    public long misses() {
        return misses;
    }
}
