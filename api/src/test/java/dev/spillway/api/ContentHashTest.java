package dev.spillway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentHashTest {

    /** Names and versions on disk and in running proxies depend on these exact values. */
    @Test
    void isThePrefixOfTheSha256InLowerCaseHex() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad (FIPS 180-2)
        assertThat(ContentHash.of("abc", ContentHash.NAME_LENGTH)).isEqualTo("ba7816bf");
        assertThat(ContentHash.of("abc", ContentHash.VERSION_LENGTH)).isEqualTo("ba7816bf8f01cfea");
        assertThat(ContentHash.of(new byte[] {'a', 'b', 'c'}, 64))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void refusesALengthItCannotGive() {
        assertThatThrownBy(() -> ContentHash.of("abc", 7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContentHash.of("abc", 66)).isInstanceOf(IllegalArgumentException.class);
    }
}
