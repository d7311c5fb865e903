package dev.spillway.api.codec;

import dev.spillway.api.model.RouteOptions;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Gloo's CorsPolicy on a route or a virtual host, checked as its cors plugin checks it
 * (projects/gloo/pkg/plugins/cors/plugin.go translateCommonUserCorsConfig): a policy must allow at least one
 * origin, and {@code disableForRoute} means something only on a route.
 */
final class CorsDecoder {
    private CorsDecoder() {}

    static RouteOptions.Cors route(NodeReader cors) {
        return decode(cors, cors.bool("disableForRoute"));
    }

    static RouteOptions.Cors virtualHost(NodeReader cors) {
        if (cors.bool("disableForRoute")) {
            cors.warn("disableForRoute", "applies to a route's cors policy only and was ignored");
        }
        return decode(cors, false);
    }

    private static RouteOptions.Cors decode(NodeReader cors, boolean disableForRoute) {
        List<String> origins = cors.strings("allowOrigin");
        List<String> originRegexes = cors.strings("allowOriginRegex");
        for (int i = 0; i < originRegexes.size(); i++) {
            try {
                Pattern.compile(originRegexes.get(i));
            } catch (PatternSyntaxException e) {
                cors.error("allowOriginRegex[" + i + "]", "is not a valid regular expression: " + e.getDescription());
            }
        }
        if (origins.isEmpty() && originRegexes.isEmpty() && !disableForRoute) {
            cors.error("allowOrigin", "or allowOriginRegex must allow at least one origin (Gloo rejects the policy)");
        }
        RouteOptions.Cors policy = new RouteOptions.Cors(
                origins,
                originRegexes,
                cors.strings("allowMethods"),
                cors.strings("allowHeaders"),
                cors.strings("exposeHeaders"),
                cors.string("maxAge", ""),
                cors.bool("allowCredentials"),
                disableForRoute);
        cors.notSupportedRest();
        return policy;
    }
}
