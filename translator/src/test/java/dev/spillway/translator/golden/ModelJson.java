package dev.spillway.translator.golden;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.spillway.api.model.ResourceKey;
import dev.spillway.api.model.ResourceRef;
import dev.spillway.translator.model.ClusterTuning;
import dev.spillway.translator.model.HealthCheck;
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.model.UpstreamCluster;
import dev.spillway.translator.resolve.Resolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resolved model as readable JSON, for the resolve-stage golden files. */
final class ModelJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(UpstreamCluster.class, ClusterDefaults.class)
            .addMixIn(UpstreamCluster.OutlierDetection.class, OutlierDefaults.class)
            .addMixIn(HealthCheck.class, CheckDefaults.class)
            .addMixIn(HealthCheck.Http.class, HttpCheckDefaults.class)
            .addMixIn(HealthCheck.Grpc.class, GrpcCheckDefaults.class)
            .registerModule(new SimpleModule()
                    .addSerializer(Duration.class, toStringSerializer(ModelJson::duration))
                    .addSerializer(ResourceKey.class, toStringSerializer(ResourceKey::toString))
                    .addSerializer(ResourceRef.class, toStringSerializer(ResourceRef::toString))
                    .addSerializer(SdsSecret.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(SdsSecret s, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeStartObject();
                            g.writeStringField("name", s.name());
                            g.writeStringField(
                                    "kind", s.isValidationContext() ? "validation_context" : "tls_certificate");
                            g.writeEndObject();
                        }
                    }));

    private ModelJson() {}

    // Fields at their defaults are left out, so a case shows only what it sets.

    abstract static class ClusterDefaults {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoTuning.class)
        abstract ClusterTuning tuning();
    }

    abstract static class OutlierDefaults {
        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract boolean splitExternalLocalOriginErrors();
    }

    abstract static class CheckDefaults {
        @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoOptions.class)
        abstract HealthCheck.Options options();
    }

    abstract static class HttpCheckDefaults {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract String serviceName();

        @JsonInclude(JsonInclude.Include.NON_DEFAULT)
        abstract boolean useHttp2();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract String method();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<HealthCheck.Header> requestHeadersToAdd();

        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<String> requestHeadersToRemove();
    }

    abstract static class GrpcCheckDefaults {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        abstract List<HealthCheck.Header> initialMetadata();
    }

    /** Jackson drops a value its filter {@code equals}. */
    static final class NoTuning {
        @Override
        public boolean equals(Object value) {
            return ClusterTuning.NONE.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Jackson drops a value its filter {@code equals}. */
    static final class NoOptions {
        @Override
        public boolean equals(Object value) {
            return HealthCheck.Options.NONE.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    static String write(Resolution resolution) {
        Map<String, Object> doc = new LinkedHashMap<>();
        Map<String, Object> groups = new LinkedHashMap<>();
        resolution.groups().forEach((k, v) -> groups.put(k.toString(), v));
        doc.put("groups", groups);
        doc.put("failovers", resolution.failovers());
        try {
            return MAPPER.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String duration(Duration d) {
        if (d.getNano() == 0) {
            return d.getSeconds() + "s";
        }
        return java.math.BigDecimal.valueOf(d.getSeconds())
                        .add(java.math.BigDecimal.valueOf(d.getNano(), 9))
                        .stripTrailingZeros()
                        .toPlainString()
                + "s";
    }

    private static <T> JsonSerializer<T> toStringSerializer(java.util.function.Function<T, String> f) {
        return new JsonSerializer<>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(f.apply(value));
            }
        };
    }
}
