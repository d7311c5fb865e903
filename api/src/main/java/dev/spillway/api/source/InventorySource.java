package dev.spillway.api.source;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Where resources come from (a config directory, Kubernetes clusters): an inventory at start, then a
 * new one after every change. The translator never knows which source it was.
 */
public interface InventorySource extends AutoCloseable {

    /** Reads everything once and returns it. */
    Inventory load() throws IOException;

    /** Starts watching; every subscriber then gets each new inventory. */
    void start() throws IOException;

    /** Called with every new inventory. */
    void subscribe(Consumer<Inventory> listener);

    /**
     * How long the inventory being handed to subscribers waited in the source's quiet period (from the first
     * change the source saw to the hand-over), in nanoseconds; -1 for a source without one. Read it from the
     * subscriber, on the thread that hands the inventory over.
     */
    default long lastQuietNanos() {
        return -1;
    }

    @Override
    void close();
}
