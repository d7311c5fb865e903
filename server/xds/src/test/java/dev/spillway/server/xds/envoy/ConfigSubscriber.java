package dev.spillway.server.xds.envoy;

import com.google.protobuf.Message;
import dev.spillway.snapshot.XdsType;
import java.util.List;

/** What a mux hands decoded updates to: Envoy's {@code SubscriptionCallbacks::onConfigUpdate}. */
interface ConfigSubscriber {
    /**
     * Applies an update on the main thread.
     *
     * @param stateOfTheWorld true for a SotW response: for CDS and LDS, what is missing is removed
     * @return null when accepted, else the rejection message (a NACK)
     */
    String onConfigUpdate(XdsType type, List<Message> added, List<String> removed, boolean stateOfTheWorld);
}
