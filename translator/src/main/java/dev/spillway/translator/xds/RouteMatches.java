package dev.spillway.translator.xds;

import dev.spillway.translator.model.VirtualHost.HeaderMatcher;
import dev.spillway.translator.model.VirtualHost.Matcher;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;
import java.util.stream.Collectors;

/** A VirtualService matcher as Envoy's RouteMatch: path form, header conditions, methods. */
final class RouteMatches {
    static final String METHOD_HEADER = ":method";

    private RouteMatches() {}

    static RouteMatch of(Matcher matcher) {
        RouteMatch.Builder b = RouteMatch.newBuilder();
        switch (matcher.pathKind()) {
            case PREFIX -> b.setPrefix(matcher.path());
            case EXACT -> b.setPath(matcher.path());
            case REGEX -> b.setSafeRegex(regex(matcher.path()));
        }
        matcher.headers().forEach(h -> b.addHeaders(header(h)));
        if (!matcher.methods().isEmpty()) {
            b.addHeaders(methods(matcher.methods()));
        }
        return b.build();
    }

    private static io.envoyproxy.envoy.config.route.v3.HeaderMatcher header(HeaderMatcher header) {
        var b = io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                .setName(header.name())
                .setInvertMatch(header.invertMatch());
        if (header.value().isEmpty()) {
            b.setPresentMatch(true);
        } else if (header.regex()) {
            b.setStringMatch(StringMatcher.newBuilder().setSafeRegex(regex(header.value())));
        } else {
            b.setStringMatch(StringMatcher.newBuilder().setExact(header.value()));
        }
        return b.build();
    }

    /** Methods are the {@code :method} pseudo-header: exact for one, an anchored alternation for several. */
    private static io.envoyproxy.envoy.config.route.v3.HeaderMatcher methods(List<String> methods) {
        StringMatcher match = methods.size() == 1
                ? StringMatcher.newBuilder().setExact(methods.get(0)).build()
                : StringMatcher.newBuilder()
                        .setSafeRegex(regex(
                                methods.stream().map(RouteMatches::quote).collect(Collectors.joining("|", "^(", ")$"))))
                        .build();
        return io.envoyproxy.envoy.config.route.v3.HeaderMatcher.newBuilder()
                .setName(METHOD_HEADER)
                .setStringMatch(match)
                .build();
    }

    /**
     * Only {@code regex}: the {@code google_re2} engine field is deprecated in the v3 API and RE2 is the
     * default engine (https://www.envoyproxy.io/docs/envoy/latest/api-v3/type/matcher/v3/regex.proto).
     */
    private static RegexMatcher regex(String regex) {
        return RegexMatcher.newBuilder().setRegex(regex).build();
    }

    /** Method tokens are letters in practice; anything else is escaped so it cannot widen the match. */
    private static String quote(String method) {
        StringBuilder b = new StringBuilder();
        method.chars().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                b.append('\\');
            }
            b.append((char) c);
        });
        return b.toString();
    }
}
