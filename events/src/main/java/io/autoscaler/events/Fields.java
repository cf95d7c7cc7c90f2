package io.autoscaler.events;

import java.util.List;
import java.util.Map;

/** Checks shared by the event records' constructors: a record missing a key field is malformed. */
final class Fields {
    private Fields() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        if (value instanceof String s && s.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "' is blank");
        }
        return value;
    }

    static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }

    static <T> List<T> listOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    static <K, V> Map<K, V> mapOrEmpty(Map<K, V> values) {
        return values == null ? Map.of() : Map.copyOf(values);
    }
}
