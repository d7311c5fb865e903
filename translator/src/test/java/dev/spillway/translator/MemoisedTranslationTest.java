package dev.spillway.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.model.HostPort;
import dev.spillway.api.model.Upstream;
import dev.spillway.api.source.Inventory;
import dev.spillway.api.status.ResourceStatus;
import dev.spillway.translator.bench.TranslateBenchmark;
import dev.spillway.translator.xds.XdsMemo;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoisedTranslationTest {

    @Test
    void aMemoisedTranslationEqualsAFreshOne() {
        Inventory inventory = TranslateBenchmark.scenario(50);
        XdsMemo memo = new XdsMemo();
        Translator.translate(inventory, memo);

        Translation again = Translator.translate(inventory, memo);

        assertThat(again.groups()).isEqualTo(Translator.translate(inventory).groups());
        assertThat(memo.misses()).as("second pass builds nothing").isEqualTo(memo.hits());
    }

    @Test
    void aChangedUpstreamIsTheOnlyClusterBuiltAgain() {
        Inventory inventory = TranslateBenchmark.scenario(50);
        XdsMemo memo = new XdsMemo();
        Translator.translate(inventory, memo);
        long built = memo.misses();

        Inventory changed = withHost(inventory, "svc-7", "10.9.9.9");
        Translation translation = Translator.translate(changed, memo);

        assertThat(memo.misses() - built).isEqualTo(1);
        assertThat(translation.groups()).isEqualTo(Translator.translate(changed).groups());
    }

    private static Inventory withHost(Inventory inventory, String name, String address) {
        return Inventory.of(inventory.entries().values().stream().map(e -> {
            if (e.resource() instanceof Upstream u && u.meta().name().equals(name) && u.meta().cluster().equals("local")) {
                Upstream moved = new Upstream(u.meta(), null,
                        new Upstream.StaticBackend(List.of(new HostPort(address, 8080)), false), u.healthChecks(),
                        null, null, null, null, false);
                return new Inventory.Entry(e.key(), moved, ResourceStatus.ACCEPTED, e.origin());
            }
            return e;
        }).toList());
    }
}
