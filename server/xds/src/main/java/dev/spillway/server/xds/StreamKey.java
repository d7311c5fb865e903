package dev.spillway.server.xds;

import dev.spillway.api.model.ProxyGroup;
import java.util.Comparator;

/**
 * What connected streams are counted by.
 *
 * @param group    the proxies' group
 * @param protocol {@link AdsService#SOTW} or {@link AdsService#DELTA}
 */
public record StreamKey(ProxyGroup group, String protocol) implements Comparable<StreamKey> {
    private static final Comparator<StreamKey> ORDER =
            Comparator.comparing(StreamKey::group).thenComparing(StreamKey::protocol);

    @Override
    public int compareTo(StreamKey o) {
        return ORDER.compare(this, o);
    }
}
