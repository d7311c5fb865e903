package dev.spillway.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spillway.api.model.ObjectMeta;
import dev.spillway.api.model.TlsSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code v1 Secret} holding a TLS certificate and key, as {@code glooctl create secret tls} and
 * {@code kubectl create secret tls} write it: base64 {@code data} or plain {@code stringData}.
 */
final class SecretDecoder {

    static final String TLS_TYPE = "kubernetes.io/tls";
    static final String CERT = "tls.crt";
    static final String KEY = "tls.key";
    static final String CA = "ca.crt";

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";
    private static final String PEM_PRIVATE_KEY = "PRIVATE KEY-----";

    private SecretDecoder() {}

    /** True for the Secrets Spillway reads; other Secrets (tokens, registries) are not its business. */
    static boolean isTls(JsonNode document) {
        return TLS_TYPE.equals(document.path("type").asText())
                || document.path("data").has(CERT)
                || document.path("stringData").has(CERT);
    }

    static TlsSecret decode(NodeReader document, ObjectMeta meta) {
        document.skip("type", "immutable");
        // Entries of the wrong type are reported by stringMap; they must not also read as missing.
        Set<String> written = new HashSet<>();
        for (String map : List.of("data", "stringData")) {
            JsonNode entries = document.raw(map);
            if (entries != null && entries.isObject()) {
                entries.fieldNames().forEachRemaining(written::add);
            }
        }
        Map<String, String> data = document.stringMap("data");
        Map<String, String> stringData = document.stringMap("stringData");
        String cert = entry(document, data, stringData, CERT, !written.contains(CERT));
        String key = entry(document, data, stringData, KEY, !written.contains(KEY));
        String ca = entry(document, data, stringData, CA, false);
        check(document, data, stringData, CERT, cert, PEM_CERTIFICATE, "does not contain a PEM certificate");
        check(document, data, stringData, KEY, key, PEM_PRIVATE_KEY, "does not contain a PEM private key");
        check(document, data, stringData, CA, ca, PEM_CERTIFICATE, "does not contain a PEM certificate");
        return new TlsSecret(meta, cert, key, ca);
    }

    /** One entry as text; {@code stringData} wins over {@code data}, as in Kubernetes. */
    private static String entry(
            NodeReader document,
            Map<String, String> data,
            Map<String, String> stringData,
            String name,
            boolean reportMissing) {
        if (stringData.containsKey(name)) {
            return stringData.get(name);
        }
        if (!data.containsKey(name)) {
            if (reportMissing) {
                document.error("data." + name, "is required");
            }
            return "";
        }
        try {
            // Like Go's decoder, which Kubernetes uses, tolerate line breaks inside the base64 text.
            byte[] bytes = Base64.getDecoder().decode(data.get(name).replaceAll("\\s", ""));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            document.error("data." + name, "is not valid base64");
            return null;
        }
    }

    private static void check(
            NodeReader document,
            Map<String, String> data,
            Map<String, String> stringData,
            String name,
            String value,
            String marker,
            String message) {
        if (value != null && !value.isEmpty() && !value.contains(marker)) {
            String field = (stringData.containsKey(name) ? "stringData." : "data.") + name;
            document.error(field, message);
        }
    }
}
