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

    @Override
    void close();
}
