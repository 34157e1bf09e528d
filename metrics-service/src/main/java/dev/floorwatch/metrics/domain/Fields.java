package dev.floorwatch.metrics.domain;

import java.util.Map;

/** Reading and writing the string fields of a Redis hash without null checks everywhere. */
final class Fields {

    private Fields() {
    }

    static Long time(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isEmpty() ? null : Long.valueOf(value);
    }

    static Integer integer(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isEmpty() ? null : Integer.valueOf(value);
    }

    static void put(Map<String, String> fields, String name, Object value) {
        if (value != null) {
            fields.put(name, value.toString());
        }
    }

    static Long min(Long a, long b) {
        return a == null ? b : Math.min(a, b);
    }

    static Long max(Long a, long b) {
        return a == null ? b : Math.max(a, b);
    }
}
