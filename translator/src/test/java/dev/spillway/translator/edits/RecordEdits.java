package dev.spillway.translator.edits;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/** A copy of a record with one component replaced, for tests that edit resources. */
public final class RecordEdits {
    private RecordEdits() {}

    @SuppressWarnings("unchecked")
    public static <R extends Record> R with(R record, String component, Object value) {
        try {
            RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] args = new Object[components.length];
            boolean found = false;
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(component)) {
                    args[i] = value;
                    found = true;
                } else {
                    args[i] = components[i].getAccessor().invoke(record);
                }
            }
            if (!found) {
                throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no " + component);
            }
            Class<?>[] types =
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<R> canonical = (Constructor<R>) record.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
