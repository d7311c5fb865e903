package dev.spillway.translator.xds.pgv;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import io.envoyproxy.pgv.validate.Validate.MapRules;
import io.envoyproxy.pgv.validate.Validate.RepeatedRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The size rules of repeated fields and maps, and {@code repeated.unique}. */
final class CollectionChecks {

    private CollectionChecks() {}

    static List<Failure> repeated(RepeatedRules rules, List<?> items) {
        if (rules.getIgnoreEmpty() && items.isEmpty()) {
            return List.of();
        }
        List<Failure> out = new ArrayList<>();
        if (rules.hasMinItems() && items.size() < rules.getMinItems()) {
            out.add(new Failure("repeated.min_items", "must contain at least " + rules.getMinItems() + " item(s)"));
        }
        if (rules.hasMaxItems() && items.size() > rules.getMaxItems()) {
            out.add(new Failure("repeated.max_items", "must contain at most " + rules.getMaxItems() + " item(s)"));
        }
        if (rules.getUnique()) {
            int repeat = firstRepeat(items);
            if (repeat >= 0) {
                out.add(new Failure(
                        "repeated.unique", "must contain unique items; item [" + repeat + "] repeats an earlier one"));
            }
        }
        return out;
    }

    static List<Failure> map(MapRules rules, int pairs) {
        if (rules.getIgnoreEmpty() && pairs == 0) {
            return List.of();
        }
        List<Failure> out = new ArrayList<>();
        if (rules.hasMinPairs() && pairs < rules.getMinPairs()) {
            out.add(new Failure("map.min_pairs", "must contain at least " + rules.getMinPairs() + " pair(s)"));
        }
        if (rules.hasMaxPairs() && pairs > rules.getMaxPairs()) {
            out.add(new Failure("map.max_pairs", "must contain at most " + rules.getMaxPairs() + " pair(s)"));
        }
        return out;
    }

    private static int firstRepeat(List<?> items) {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            // Unknown enum numbers may come back as distinct descriptor objects; compare numbers.
            Object key = item instanceof EnumValueDescriptor e ? e.getNumber() : item;
            if (!seen.add(key)) {
                return i;
            }
        }
        return -1;
    }
}
