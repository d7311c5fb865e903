package dev.spillway.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one short content hash: the first hex characters of the SHA-256 of some bytes. Resource names
 * take 8 characters of it, snapshot versions 16. It depends on nothing but the content, so the same
 * content gives the same hash on every replica and after a restart (never {@code hashCode()}).
 */
public final class ContentHash {
    /** Hex characters in a hash that suffixes an Envoy resource name. */
    public static final int NAME_LENGTH = 8;
    /** Hex characters in an xDS version. */
    public static final int VERSION_LENGTH = 16;

    private ContentHash() {}

    /** The first {@code hexChars} (even, at most 64) hex characters of the SHA-256 of the UTF-8 text. */
    public static String of(String text, int hexChars) {
        return of(text.getBytes(StandardCharsets.UTF_8), hexChars);
    }

    /** The first {@code hexChars} (even, at most 64) hex characters of the SHA-256 of the bytes. */
    public static String of(byte[] bytes, int hexChars) {
        return hex(sha256().digest(bytes), hexChars);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String hex(byte[] digest, int hexChars) {
        if (hexChars <= 0 || hexChars > 64 || hexChars % 2 != 0) {
            throw new IllegalArgumentException("hex characters must be even and in 2..64: " + hexChars);
        }
        return HexFormat.of().formatHex(digest, 0, hexChars / 2);
    }

    /** A hash of text given piece by piece, never built whole: the same as {@link #of(String, int)} of the pieces joined. */
    public static Text text() {
        return new Text();
    }

    /** Text being hashed: UTF-8 bytes go through a small buffer into the digest. */
    public static final class Text {
        private final MessageDigest digest = sha256();
        private final byte[] buffer = new byte[8192];
        private int used;

        private Text() {}

        public Text append(String piece) {
            int n = piece.length();
            if (n > buffer.length - used) {
                flush();
            }
            if (n > buffer.length) {
                digest.update(piece.getBytes(StandardCharsets.UTF_8));
                return this;
            }
            for (int i = 0; i < n; i++) {
                char c = piece.charAt(i);
                if (c >= 0x80) {
                    // Not ASCII: the whole piece as UTF-8 (a piece is a whole string, never half a surrogate pair).
                    used -= i;
                    flush();
                    digest.update(piece.getBytes(StandardCharsets.UTF_8));
                    return this;
                }
                buffer[used++] = (byte) c;
            }
            return this;
        }

        /** The first {@code hexChars} (even, at most 64) hex characters of the SHA-256 of all the text. */
        public String hash(int hexChars) {
            flush();
            return hex(digest.digest(), hexChars);
        }

        private void flush() {
            digest.update(buffer, 0, used);
            used = 0;
        }
    }
}
