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
import dev.spillway.translator.model.SdsSecret;
import dev.spillway.translator.resolve.Resolution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The resolved model as readable JSON, for the resolve-stage golden files. */
final class ModelJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
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
