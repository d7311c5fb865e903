package dev.spillway.translator.xds;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;

/** Small conversions from model values to protobuf well-known types. */
final class Protos {
    private Protos() {}

    static Duration duration(java.time.Duration d) {
        return Duration.newBuilder()
                .setSeconds(d.getSeconds())
                .setNanos(d.getNano())
                .build();
    }

    static UInt32Value uint32(int value) {
        return UInt32Value.of(value);
    }

    static BoolValue bool(boolean value) {
        return BoolValue.of(value);
    }

    static Any any(Message message) {
        return Any.pack(message);
    }

    /** A one-key Struct, the shape of transport socket match criteria and their endpoint metadata. */
    static Struct struct(String key, String value) {
        return Struct.newBuilder()
                .putFields(key, Value.newBuilder().setStringValue(value).build())
                .build();
    }

    /** Every dynamic resource comes over the one ADS stream, in the v3 API. */
    static ConfigSource ads() {
        return ConfigSource.newBuilder()
                .setAds(AggregatedConfigSource.getDefaultInstance())
                .setResourceApiVersion(ApiVersion.V3)
                .build();
    }
}
