package dev.spillway.api.codec;

import dev.spillway.api.model.KubeKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A document Spillway skips as foreign that was most likely meant as one of its kinds: the kind name
 * in another case or in the plural ({@code gateway}, {@code Gateways}) under one of our groups, or the
 * right kind under a mistyped apiVersion ({@code gateway.solo.io.v1}). Another API group's kind of the
 * same name ({@code gateway.networking.k8s.io/v1 Gateway}) is a different kind, not a near miss.
 */
final class NearMissKind {
    private NearMissKind() {}

    /** The kind the document was probably meant as, if any. */
    static Optional<KubeKind> of(String apiVersion, String kindName) {
        if (kindName == null || KubeKind.of(apiVersion, kindName).isPresent()) {
            return Optional.empty();
        }
        return Arrays.stream(KubeKind.values())
                .filter(k -> k.kind() != null)
                .filter(k -> kindNearMiss(k, kindName) && (apiVersion == null || sameGroup(k, apiVersion))
                        || k.kindName().equals(kindName) && apiVersion != null && mistyped(k, apiVersion))
                .findFirst();
    }

    private static boolean kindNearMiss(KubeKind k, String kindName) {
        return k.kindName().equalsIgnoreCase(kindName)
                || k.plural().equalsIgnoreCase(kindName)
                || (k.kindName() + "s").equalsIgnoreCase(kindName);
    }

    private static boolean sameGroup(KubeKind k, String apiVersion) {
        return KubeKind.group(apiVersion).equals(k.group()) || mistyped(k, apiVersion);
    }

    /** The apiVersion differs from ours only in punctuation or case: {@code gateway.solo.io.v1}. */
    private static boolean mistyped(KubeKind k, String apiVersion) {
        return !k.group().isEmpty() && letters(apiVersion).equals(letters(k.apiVersion()));
    }

    private static String letters(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
