package dev.spillway.translator.xds.pgv;

import dev.spillway.translator.model.IpLiterals;
import io.envoyproxy.pgv.validate.Validate.KnownRegex;
import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code well_known} string formats, following PGV's Go implementation. */
final class WellKnownStrings {
    // PGV's own expressions; "+-." is a range in the original too, so ',' passes as a header name character.
    private static final Pattern HEADER_NAME = Pattern.compile(":?[0-9a-zA-Z!#$%&'*+-.^_|~`]+");
    private static final Pattern HEADER_VALUE = Pattern.compile("[^\\x00-\\x08\\x0A-\\x1F\\x7F]*");
    private static final Pattern LOOSE_HEADER = Pattern.compile("[^\\x00\\x0A\\x0D]*");
    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_HOSTNAME = 253;
    private static final int MAX_LABEL = 63;

    private WellKnownStrings() {}

    static Optional<Failure> check(StringRules rules, String value) {
        return switch (rules.getWellKnownCase()) {
            case HOSTNAME -> unless(isHostname(value), "hostname", "must be a valid hostname");
            case IP -> unless(IpLiterals.isIp(value), "ip", "must be a valid IP address");
            case IPV4 -> unless(IpLiterals.isIpv4(value), "ipv4", "must be a valid IPv4 address");
            case IPV6 -> unless(IpLiterals.isIpv6(value), "ipv6", "must be a valid IPv6 address");
            case ADDRESS ->
                unless(
                        IpLiterals.isIp(value) || isHostname(value),
                        "address",
                        "must be a valid hostname or IP address");
            case UUID -> unless(UUID.matcher(value).matches(), "uuid", "must be a valid UUID");
            case EMAIL -> unless(isEmail(value), "email", "must be a valid email address");
            case URI -> unless(isUri(value, true), "uri", "must be a valid absolute URI");
            case URI_REF -> unless(isUri(value, false), "uri_ref", "must be a valid URI reference");
            case WELL_KNOWN_REGEX -> header(rules, value);
            default -> Optional.empty();
        };
    }

    static boolean isHostname(String host) {
        if (host.length() > MAX_HOSTNAME) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String label : name.toLowerCase(Locale.ROOT).split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > MAX_LABEL
                    || label.startsWith("-")
                    || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Failure> header(StringRules rules, String value) {
        boolean name = rules.getWellKnownRegex() == KnownRegex.HTTP_HEADER_NAME;
        if (!name && rules.getWellKnownRegex() != KnownRegex.HTTP_HEADER_VALUE) {
            return Optional.empty();
        }
        Pattern pattern = !rules.getStrict() ? LOOSE_HEADER : name ? HEADER_NAME : HEADER_VALUE;
        String what = name ? "HTTP header name" : "HTTP header value";
        return unless(
                pattern.matcher(value).matches(),
                "well_known_regex",
                "must be a valid " + what + (rules.getStrict() ? "" : " (no NUL, CR or LF)"));
    }

    // An approximation of Go's mail.ParseAddress: a bare local@hostname address.
    private static boolean isEmail(String value) {
        int at = value.lastIndexOf('@');
        if (at <= 0 || value.length() > 254 || at > 64) {
            return false;
        }
        String local = value.substring(0, at);
        return local.chars().noneMatch(c -> c <= ' ' || c == '<' || c == '>' || c == '@')
                && isHostname(value.substring(at + 1));
    }

    private static boolean isUri(String value, boolean absolute) {
        try {
            URI uri = new URI(value);
            return !absolute || uri.isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Failure> unless(boolean valid, String rule, String message) {
        return valid ? Optional.empty() : Optional.of(new Failure("string." + rule, message));
    }
}
