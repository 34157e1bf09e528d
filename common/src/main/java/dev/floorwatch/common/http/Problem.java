package dev.floorwatch.common.http;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). {@code errors} lists every
 * validation error; {@code requestId} repeats the {@code X-Request-Id} header for support.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<FieldError> errors, String requestId) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:floorwatch:problem:";

    /** A problem whose type is {@code urn:floorwatch:problem:<slug>}. */
    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, null, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, requestId);
    }

    public Problem at(String path, String id) {
        return new Problem(type, title, status, detail, path, errors, id);
    }
}
