package dev.spillway.translator.xds.pgv;

import io.envoyproxy.pgv.validate.Validate.StringRules;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code string} rules; lengths count code points, as PGV's runes, or UTF-8 bytes. */
final class StringChecks {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private StringChecks() {}

    static List<Failure> check(StringRules rules, String value) {
        if (rules.getIgnoreEmpty() && value.isEmpty()) {
            return List.of();
        }
        List<Failure> out = new ArrayList<>();
        if (rules.hasConst() && !value.equals(rules.getConst())) {
            out.add(new Failure("string.const", "must equal \"" + rules.getConst() + "\""));
        }
        lengths(rules, value, out);
        substrings(rules, value, out);
        if (rules.hasPattern()) {
            pattern(rules.getPattern(), value, out);
        }
        if (rules.getInCount() > 0 && !rules.getInList().contains(value)) {
            out.add(new Failure("string.in", "must be in list " + rules.getInList()));
        }
        if (rules.getNotInList().contains(value)) {
            out.add(new Failure("string.not_in", "must not be in list " + rules.getNotInList()));
        }
        WellKnownStrings.check(rules, value).ifPresent(out::add);
        return out;
    }

    /** Matches like RE2's partial match; the pattern is compiled by java.util.regex. */
    static boolean finds(String pattern, String value) {
        return PATTERNS.computeIfAbsent(pattern, Pattern::compile)
                .matcher(value)
                .find();
    }

    private static void lengths(StringRules rules, String value, List<Failure> out) {
        long runes = value.codePointCount(0, value.length());
        long bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (rules.hasLen() && runes != rules.getLen()) {
            out.add(new Failure("string.len", "must be " + rules.getLen() + " character(s) long"));
        }
        if (rules.hasMinLen() && runes < rules.getMinLen()) {
            out.add(new Failure("string.min_len", "must be at least " + rules.getMinLen() + " character(s) long"));
        }
        if (rules.hasMaxLen() && runes > rules.getMaxLen()) {
            out.add(new Failure("string.max_len", "must be at most " + rules.getMaxLen() + " character(s) long"));
        }
        if (rules.hasLenBytes() && bytes != rules.getLenBytes()) {
            out.add(new Failure("string.len_bytes", "must be " + rules.getLenBytes() + " byte(s) long"));
        }
        if (rules.hasMinBytes() && bytes < rules.getMinBytes()) {
            out.add(new Failure("string.min_bytes", "must be at least " + rules.getMinBytes() + " byte(s) long"));
        }
        if (rules.hasMaxBytes() && bytes > rules.getMaxBytes()) {
            out.add(new Failure("string.max_bytes", "must be at most " + rules.getMaxBytes() + " byte(s) long"));
        }
    }

    private static void substrings(StringRules rules, String value, List<Failure> out) {
        if (rules.hasPrefix() && !value.startsWith(rules.getPrefix())) {
            out.add(new Failure("string.prefix", "must start with \"" + rules.getPrefix() + "\""));
        }
        if (rules.hasSuffix() && !value.endsWith(rules.getSuffix())) {
            out.add(new Failure("string.suffix", "must end with \"" + rules.getSuffix() + "\""));
        }
        if (rules.hasContains() && !value.contains(rules.getContains())) {
            out.add(new Failure("string.contains", "must contain \"" + rules.getContains() + "\""));
        }
        if (rules.hasNotContains() && value.contains(rules.getNotContains())) {
            out.add(new Failure("string.not_contains", "must not contain \"" + rules.getNotContains() + "\""));
        }
    }

    private static void pattern(String pattern, String value, List<Failure> out) {
        try {
            if (!finds(pattern, value)) {
                out.add(new Failure("string.pattern", "must match regex \"" + pattern + "\""));
            }
        } catch (PatternSyntaxException e) {
            out.add(new Failure("string.pattern", "cannot check: regex \"" + pattern + "\" is not valid here"));
        }
    }
}
