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
        if (hexChars <= 0 || hexChars > 64 || hexChars % 2 != 0) {
            throw new IllegalArgumentException("hex characters must be even and in 2..64: " + hexChars);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return HexFormat.of().formatHex(digest, 0, hexChars / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
