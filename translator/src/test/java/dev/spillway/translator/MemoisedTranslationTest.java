package dev.spillway.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.source.Inventory;
import dev.spillway.translator.bench.TranslateBenchmark;
import dev.spillway.translator.xds.XdsMemo;
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

        Inventory changed = TranslateBenchmark.withMovedHost(inventory, "svc-7");
        Translation translation = Translator.translate(changed, memo);

        assertThat(memo.misses() - built).isEqualTo(1);
        assertThat(translation.groups()).isEqualTo(Translator.translate(changed).groups());
    }
}
