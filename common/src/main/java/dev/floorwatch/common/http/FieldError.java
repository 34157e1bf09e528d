package dev.floorwatch.common.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One validation error of a problem document: which item of a batch, which field, what is wrong. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(Integer index, String field, String message) {

    public static FieldError of(String field, String message) {
        return new FieldError(null, field, message);
    }
}
