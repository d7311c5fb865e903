package dev.spillway.translator.xds.pgv;

import com.google.protobuf.ByteString;
import io.envoyproxy.pgv.validate.Validate.BytesRules;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/** The {@code bytes} rules; a {@code pattern} is matched against the bytes read as UTF-8. */
final class BytesChecks {

    private BytesChecks() {}

    static List<Failure> check(BytesRules rules, ByteString value) {
        if (rules.getIgnoreEmpty() && value.isEmpty()) {
            return List.of();
        }
        List<Failure> out = new ArrayList<>();
        if (rules.hasConst() && !value.equals(rules.getConst())) {
            out.add(new Failure("bytes.const", "must equal " + hex(rules.getConst())));
        }
        lengths(rules, value.size(), out);
        contents(rules, value, out);
        if (rules.getInCount() > 0 && !rules.getInList().contains(value)) {
            out.add(new Failure("bytes.in", "must be in list " + hex(rules.getInList())));
        }
        if (rules.getNotInList().contains(value)) {
            out.add(new Failure("bytes.not_in", "must not be in list " + hex(rules.getNotInList())));
        }
        address(rules, value.size(), out);
        return out;
    }

    private static void lengths(BytesRules rules, long size, List<Failure> out) {
        if (rules.hasLen() && size != rules.getLen()) {
            out.add(new Failure("bytes.len", "must be " + rules.getLen() + " byte(s) long"));
        }
        if (rules.hasMinLen() && size < rules.getMinLen()) {
            out.add(new Failure("bytes.min_len", "must be at least " + rules.getMinLen() + " byte(s) long"));
        }
        if (rules.hasMaxLen() && size > rules.getMaxLen()) {
            out.add(new Failure("bytes.max_len", "must be at most " + rules.getMaxLen() + " byte(s) long"));
        }
    }

    private static void contents(BytesRules rules, ByteString value, List<Failure> out) {
        if (rules.hasPrefix() && !value.startsWith(rules.getPrefix())) {
            out.add(new Failure("bytes.prefix", "must start with " + hex(rules.getPrefix())));
        }
        if (rules.hasSuffix() && !value.endsWith(rules.getSuffix())) {
            out.add(new Failure("bytes.suffix", "must end with " + hex(rules.getSuffix())));
        }
        if (rules.hasContains() && !contains(value, rules.getContains())) {
            out.add(new Failure("bytes.contains", "must contain " + hex(rules.getContains())));
        }
        if (rules.hasPattern()) {
            try {
                if (!StringChecks.finds(rules.getPattern(), value.toStringUtf8())) {
                    out.add(new Failure("bytes.pattern", "must match regex \"" + rules.getPattern() + "\""));
                }
            } catch (PatternSyntaxException e) {
                out.add(new Failure(
                        "bytes.pattern", "cannot check: regex \"" + rules.getPattern() + "\" is not valid here"));
            }
        }
    }

    private static void address(BytesRules rules, int size, List<Failure> out) {
        switch (rules.getWellKnownCase()) {
            case IP -> {
                if (size != 4 && size != 16) {
                    out.add(new Failure("bytes.ip", "must be a valid IP address in 4 or 16 bytes"));
                }
            }
            case IPV4 -> {
                if (size != 4) {
                    out.add(new Failure("bytes.ipv4", "must be a valid IPv4 address in 4 bytes"));
                }
            }
            case IPV6 -> {
                if (size != 16) {
                    out.add(new Failure("bytes.ipv6", "must be a valid IPv6 address in 16 bytes"));
                }
            }
            default -> {}
        }
    }

    private static boolean contains(ByteString value, ByteString part) {
        for (int start = 0; start + part.size() <= value.size(); start++) {
            if (value.substring(start, start + part.size()).equals(part)) {
                return true;
            }
        }
        return false;
    }

    private static String hex(ByteString bytes) {
        return "0x" + HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static String hex(List<ByteString> values) {
        return values.stream().map(BytesChecks::hex).collect(Collectors.joining(", ", "[", "]"));
    }
}
