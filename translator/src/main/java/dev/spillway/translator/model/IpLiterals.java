package dev.spillway.translator.model;

/** IP address literals parsed by hand, so that checking never resolves a name: what Envoy takes as an IP. */
public final class IpLiterals {
    private static final int IPV6_GROUPS = 8;

    private IpLiterals() {}

    public static boolean isIp(String value) {
        return isIpv4(value) || isIpv6(value);
    }

    /** Dotted quad without leading zeros, as Go's net.ParseIP accepts it. */
    public static boolean isIpv4(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!isOctet(part)) {
                return false;
            }
        }
        return true;
    }

    /** Eight hex groups, at most one {@code ::}, optionally ending in a dotted quad; no zone. */
    public static boolean isIpv6(String value) {
        int gap = value.indexOf("::");
        if (gap < 0) {
            return groups(value, true) == IPV6_GROUPS;
        }
        if (value.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = value.substring(0, gap);
        String tail = value.substring(gap + 2);
        int before = head.isEmpty() ? 0 : groups(head, false);
        int after = tail.isEmpty() ? 0 : groups(tail, true);
        return before >= 0 && after >= 0 && before + after < IPV6_GROUPS;
    }

    /** The number of 16-bit groups in a colon-separated run, or -1 when it is malformed. */
    private static int groups(String run, boolean mayEndInIpv4) {
        String[] parts = run.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            boolean last = i == parts.length - 1;
            if (last && mayEndInIpv4 && parts[i].contains(".")) {
                if (!isIpv4(parts[i])) {
                    return -1;
                }
                groups += 2;
            } else if (isHexGroup(parts[i])) {
                groups++;
            } else {
                return -1;
            }
        }
        return groups;
    }

    private static boolean isHexGroup(String part) {
        return !part.isEmpty() && part.length() <= 4 && part.chars().allMatch(IpLiterals::isHexDigit);
    }

    private static boolean isHexDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isOctet(String part) {
        if (part.isEmpty() || part.length() > 3 || part.length() > 1 && part.charAt(0) == '0') {
            return false;
        }
        return part.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(part) <= 255;
    }
}
