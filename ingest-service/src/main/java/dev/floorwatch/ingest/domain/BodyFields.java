package dev.floorwatch.ingest.domain;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.floorwatch.common.http.FieldError;

/** Field checks shared by the request bodies of the tenant and source APIs (errors collected, not thrown). */
final class BodyFields {

    private BodyFields() {
    }

    /** Adds an error for every field of {@code node} not in {@code known} (named with {@code prefix}). */
    static void unknownFields(JsonNode node, Set<String> known, List<FieldError> errors, String prefix) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(FieldError.of(prefix + name, "unknown field; known: " + known.stream().sorted().toList()));
            }
        });
    }

    /** The string {@code field}, or null when absent (an error when required) or not a string (an error). */
    static String text(JsonNode node, String field, boolean required, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(FieldError.of(field, "must be a string"));
            return null;
        }
        return value.textValue();
    }
}
