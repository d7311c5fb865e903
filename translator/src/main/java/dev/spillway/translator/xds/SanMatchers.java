package dev.spillway.translator.xds;

import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher.SanType;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * {@code verifySubjectAltName} entries as typed SAN matchers: Gloo writes exact matches into the deprecated
 * {@code match_subject_alt_names}, which checks every SAN type; Spillway names the type, so a DNS name only
 * matches a DNS SAN (with Envoy's wildcard-certificate rule for exact matchers, StringSanMatcher::match in
 * source/extensions/transport_sockets/tls/cert_validator/san_matcher.cc), a URI
 * ({@code spiffe://...}) a URI SAN, an IP address an IP SAN.
 */
final class SanMatchers {
    private SanMatchers() {}

    static List<SubjectAltNameMatcher> of(List<String> names) {
        return names.stream().map(SanMatchers::of).toList();
    }

    static SubjectAltNameMatcher of(String name) {
        return SubjectAltNameMatcher.newBuilder()
                .setSanType(typeOf(name))
                .setMatcher(StringMatcher.newBuilder().setExact(name))
                .build();
    }

    private static SanType typeOf(String name) {
        if (name.contains("://")) {
            return SanType.URI;
        }
        if (name.contains(":") || name.matches("[0-9.]+")) {
            return SanType.IP_ADDRESS;
        }
        return SanType.DNS;
    }
}
