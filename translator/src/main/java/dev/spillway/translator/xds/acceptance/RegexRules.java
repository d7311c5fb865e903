package dev.spillway.translator.xds.acceptance;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import dev.spillway.translator.model.Re2Programs;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every {@code RegexMatcher} in a resource, compiled as Envoy does: with RE2
 * (CompiledGoogleReMatcher::CompiledGoogleReMatcher, source/common/common/regex.cc), which rejects what RE2
 * cannot compile and, by default, any program larger than 100 instructions (the
 * {@code re2.max_program_size.error_level} runtime default).
 */
final class RegexRules {
    private static final String ENVOY = "regex.cc CompiledGoogleReMatcher::CompiledGoogleReMatcher";

    private RegexRules() {}

    static List<Violation> check(MessageOrBuilder resource) {
        List<Violation> violations = new ArrayList<>();
        walk(resource, "", violations);
        return violations;
    }

    private static void walk(MessageOrBuilder message, String path, List<Violation> into) {
        if (message instanceof RegexMatcher regex) {
            Re2Programs.problem(regex.getRegex()).ifPresent(p -> into.add(Violation.of(join(path, "regex"), p, ENVOY)));
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
            FieldDescriptor field = e.getKey();
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String name = join(path, field.getName());
            if (field.isRepeated() && !field.isMapField()) {
                List<?> items = (List<?>) e.getValue();
                for (int i = 0; i < items.size(); i++) {
                    walk((Message) items.get(i), name + "[" + i + "]", into);
                }
            } else if (!field.isRepeated()) {
                walk((Message) e.getValue(), name, into);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
