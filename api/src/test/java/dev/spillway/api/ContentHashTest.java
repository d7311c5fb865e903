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

    @Test
    void textGivenInPiecesHashesAsTheWholeText() {
        StringBuilder whole = new StringBuilder();
        ContentHash.Text pieces = ContentHash.text();
        for (int i = 0; i < 3000; i++) {
            String piece = (i % 7 == 0 ? "gr\u00fc\u00dfe-\ud83d\ude00-" : "svc-") + i + "="
                    + Integer.toHexString(i * 31) + "\n";
            whole.append(piece);
            pieces.append(piece);
        }
        String long_ = "x".repeat(20_000);
        whole.append(long_);
        pieces.append(long_);

        assertThat(pieces.hash(ContentHash.VERSION_LENGTH))
                .isEqualTo(ContentHash.of(whole.toString(), ContentHash.VERSION_LENGTH));
        assertThat(ContentHash.text().append("abc").hash(ContentHash.NAME_LENGTH))
                .isEqualTo("ba7816bf");
    }
}
