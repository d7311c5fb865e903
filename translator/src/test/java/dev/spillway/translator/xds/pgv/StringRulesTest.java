package dev.spillway.translator.xds.pgv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.envoyproxy.pgv.validate.Validate.BytesRules;
import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** String and bytes rules that no Envoy field declares, checked against hand-made rules. */
class StringRulesTest {

    private static List<String> rules(StringRules rules, String value) {
        return StringChecks.check(rules, value).stream().map(Failure::rule).toList();
    }

    private static List<String> rules(BytesRules rules, String value) {
        return BytesChecks.check(rules, ByteString.copyFromUtf8(value)).stream()
                .map(Failure::rule)
                .toList();
    }

    @Test
    void constAndLengthsCountCharactersOrBytes() {
        assertThat(rules(StringRules.newBuilder().setConst("a").build(), "b")).containsExactly("string.const");
        assertThat(rules(StringRules.newBuilder().setLen(2).build(), "éé")).isEmpty();
        assertThat(rules(StringRules.newBuilder().setLenBytes(2).build(), "éé")).containsExactly("string.len_bytes");
        assertThat(rules(StringRules.newBuilder().setMinBytes(5).build(), "éé")).containsExactly("string.min_bytes");
    }

    @Test
    void substringsAndListsAreChecked() {
        assertThat(rules(StringRules.newBuilder().setContains("mid").build(), "amidst"))
                .isEmpty();
        assertThat(rules(StringRules.newBuilder().setContains("mid").build(), "edge"))
                .containsExactly("string.contains");
        assertThat(rules(StringRules.newBuilder().setNotContains("..").build(), "a/../b"))
                .containsExactly("string.not_contains");
        assertThat(rules(StringRules.newBuilder().addNotIn("admin").build(), "admin"))
                .containsExactly("string.not_in");
    }

    @Test
    void patternFindsAnywhereUnlessAnchored() {
        assertThat(rules(StringRules.newBuilder().setPattern("[0-9]+").build(), "v12"))
                .isEmpty();
        assertThat(rules(StringRules.newBuilder().setPattern("^[0-9]+$").build(), "v12"))
                .containsExactly("string.pattern");
    }

    @Test
    void ignoreEmptySkipsEveryRule() {
        StringRules rules = StringRules.newBuilder()
                .setMinLen(3)
                .setHostname(true)
                .setIgnoreEmpty(true)
                .build();
        assertThat(rules(rules, "")).isEmpty();
        assertThat(rules(rules, "a")).containsExactly("string.min_len");
    }

    @ParameterizedTest
    @CsvSource({
        "hostname, example.com, true",
        "hostname, example.com., true",
        "hostname, -bad.com, false",
        "hostname, a_b.com, false",
        "hostname, '', false",
        "ip, 10.0.0.1, true",
        "ip, ::1, true",
        "ip, 10.0.0, false",
        "ipv4, 192.168.1.255, true",
        "ipv4, 192.168.01.1, false",
        "ipv4, ::1, false",
        "ipv6, 2001:db8::1, true",
        "ipv6, ::ffff:10.0.0.1, true",
        "ipv6, 1:2:3:4:5:6:7:8, true",
        "ipv6, 1::2::3, false",
        "ipv6, fe80::1%eth0, false",
        "ipv6, 1:2:3:4:5:6:7:8:9, false",
        "ipv6, 10.0.0.1, false",
        "address, backend.local, true",
        "address, 2001:db8::1, true",
        "address, bad host, false",
        "uuid, 123e4567-e89b-12d3-a456-426614174000, true",
        "uuid, 123e4567, false",
        "email, ops@example.com, true",
        "email, ops@, false",
        "uri, https://example.com/x, true",
        "uri, /relative, false",
        "uri_ref, /relative, true",
        "uri_ref, 'a b', false"
    })
    void wellKnownFormats(String format, String value, boolean valid) {
        StringRules.Builder rules = StringRules.newBuilder();
        switch (format) {
            case "hostname" -> rules.setHostname(true);
            case "ip" -> rules.setIp(true);
            case "ipv4" -> rules.setIpv4(true);
            case "ipv6" -> rules.setIpv6(true);
            case "address" -> rules.setAddress(true);
            case "uuid" -> rules.setUuid(true);
            case "email" -> rules.setEmail(true);
            case "uri" -> rules.setUri(true);
            default -> rules.setUriRef(true);
        }
        assertThat(rules(rules.build(), value)).isEqualTo(valid ? List.of() : List.of("string." + format));
    }

    @Test
    void strictHeaderRegexesFollowRfc7230() {
        StringRules name = StringRules.newBuilder()
                .setWellKnownRegex(KnownRegex.HTTP_HEADER_NAME)
                .build();
        assertThat(rules(name, ":authority")).isEmpty();
        assertThat(rules(name, "")).containsExactly("string.well_known_regex");
        StringRules value = StringRules.newBuilder()
                .setWellKnownRegex(KnownRegex.HTTP_HEADER_VALUE)
                .build();
        assertThat(rules(value, "text/html; q=0.9\t")).isEmpty();
        assertThat(rules(value, "a\u007Fb")).containsExactly("string.well_known_regex");
        StringRules loose = value.toBuilder().setStrict(false).build();
        assertThat(rules(loose, "a\u007Fb")).isEmpty();
        assertThat(rules(loose, "a\r")).containsExactly("string.well_known_regex");
    }

    @Test
    void bytesRules() {
        assertThat(rules(
                        BytesRules.newBuilder()
                                .setConst(ByteString.copyFromUtf8("k"))
                                .build(),
                        "x"))
                .containsExactly("bytes.const");
        assertThat(rules(BytesRules.newBuilder().setLen(2).build(), "abc")).containsExactly("bytes.len");
        assertThat(rules(
                        BytesRules.newBuilder()
                                .setPrefix(ByteString.copyFromUtf8("PK"))
                                .build(),
                        "ZIP"))
                .containsExactly("bytes.prefix");
        assertThat(rules(
                        BytesRules.newBuilder()
                                .setSuffix(ByteString.copyFromUtf8("\n"))
                                .build(),
                        "line"))
                .containsExactly("bytes.suffix");
        assertThat(rules(
                        BytesRules.newBuilder()
                                .setContains(ByteString.copyFromUtf8("ab"))
                                .build(),
                        "xaby"))
                .isEmpty();
        assertThat(rules(BytesRules.newBuilder().setPattern("^[a-z]+$").build(), "abc1"))
                .containsExactly("bytes.pattern");
        assertThat(rules(
                        BytesRules.newBuilder()
                                .addIn(ByteString.copyFromUtf8("a"))
                                .build(),
                        "b"))
                .containsExactly("bytes.in");
        assertThat(rules(
                        BytesRules.newBuilder()
                                .addNotIn(ByteString.copyFromUtf8("a"))
                                .build(),
                        "a"))
                .containsExactly("bytes.not_in");
        assertThat(rules(BytesRules.newBuilder().setIpv4(true).build(), "1234")).isEmpty();
        assertThat(rules(BytesRules.newBuilder().setIpv6(true).build(), "1234")).containsExactly("bytes.ipv6");
        assertThat(rules(
                        BytesRules.newBuilder().setIp(true).setIgnoreEmpty(true).build(), ""))
                .isEmpty();
    }
}
