package dev.spillway.translator.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Regexes compiled with RE2/J, the Java port of RE2, which rejects what RE2 rejects (lookaround,
 * backreferences, possessive quantifiers) where {@code java.util.regex} accepts it.
 */
public final class Re2Programs {
    /** Envoy's default {@code re2.max_program_size.error_level}. */
    public static final int MAX_PROGRAM_SIZE = 100;

    private static final MethodHandle PROGRAM_SIZE = programSizeHandle();

    private Re2Programs() {}

    /** Why Envoy would not take the regex, or empty when it compiles within the program size. */
    public static Optional<String> problem(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return Optional.of("does not compile with RE2: " + e.getDescription());
        }
        OptionalInt size = programSize(pattern);
        if (size.isPresent() && size.getAsInt() > MAX_PROGRAM_SIZE) {
            return Optional.of("compiles to an RE2 program of " + size.getAsInt()
                    + " instructions, over Envoy's default maximum of " + MAX_PROGRAM_SIZE);
        }
        return Optional.empty();
    }

    /**
     * The number of instructions of the compiled program, RE2/J's counterpart of RE2's
     * {@code ProgramSize()}: both compile to the same instruction set, so the counts agree closely though
     * not always exactly. RE2/J keeps it package-private, hence the reflective read.
     */
    static OptionalInt programSize(Pattern pattern) {
        if (PROGRAM_SIZE == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of((int) PROGRAM_SIZE.invoke(pattern));
        } catch (Throwable e) {
            return OptionalInt.empty();
        }
    }

    private static MethodHandle programSizeHandle() {
        try {
            Method re2 = Pattern.class.getDeclaredMethod("re2");
            re2.setAccessible(true);
            Method count = re2.getReturnType().getDeclaredMethod("numberOfInstructions");
            count.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            return MethodHandles.filterReturnValue(lookup.unreflect(re2), lookup.unreflect(count));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
