package dev.spillway.translator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spillway.api.source.Inventory;
import dev.spillway.translator.bench.TranslateBenchmark;
import org.junit.jupiter.api.Test;

class TranslationTest {

    @Test
    void carriesTheInventoryItWasComputedFrom() {
        Inventory inventory = TranslateBenchmark.scenario(3);

        assertThat(Translator.translate(inventory).inventory()).isSameAs(inventory);
    }
}
