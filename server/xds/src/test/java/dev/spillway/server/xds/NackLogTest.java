package dev.spillway.server.xds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.ProxyGroup;
import dev.spillway.snapshot.XdsType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NackLogTest {
    private static final ProxyGroup GROUP = new ProxyGroup("local", "gateway-proxy");

    @Test
    void latestRejectionPerGroupAndTypeIsCurrent() {
        NackLog log = new NackLog();

        log.record(nack("v1", "first"));
        log.record(nack("v2", "second"));

        assertThat(log.current()).extracting(NackRecord::version).containsExactly("v2");
        assertThat(log.total()).isEqualTo(2);
    }

    @Test
    void ackOfAnotherVersionClearsTheCurrentRejection() {
        NackLog log = new NackLog();
        log.record(nack("v1", "bad"));

        log.onAck(GROUP, XdsType.CLUSTER, "v1");
        assertThat(log.current(GROUP, XdsType.CLUSTER)).isPresent();
        log.onAck(GROUP, XdsType.CLUSTER, "v2");

        assertThat(log.current()).isEmpty();
        assertThat(log.history()).hasSize(1);
    }

    @Test
    void historyIsBounded() {
        NackLog log = new NackLog(3);

        for (int i = 1; i <= 5; i++) {
            log.record(nack("v" + i, "bad"));
        }

        assertThat(log.history()).extracting(NackRecord::version).containsExactly("v3", "v4", "v5");
    }

    @Test
    void listenersHearEveryRejection() {
        NackLog log = new NackLog();
        List<NackRecord> heard = new ArrayList<>();
        log.addListener(heard::add);

        log.record(nack("v1", "bad"));
        log.record(nack("v1", "bad"));

        assertThat(heard).hasSize(2);
    }

    private static NackRecord nack(String version, String message) {
        return new NackRecord(
                Instant.now(),
                "gateway-proxy-1",
                GROUP,
                AdsService.SOTW,
                XdsType.CLUSTER,
                version,
                "1",
                List.of("blue"),
                message);
    }
}
