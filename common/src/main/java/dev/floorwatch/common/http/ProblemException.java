package dev.floorwatch.common.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Thrown (or failed into a {@code Uni}) wherever a request cannot be served; the exception
 * mapper turns it into the problem document with the given status and headers.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Problem.of(400, "malformed", "Malformed request body", detail));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "unauthorized", "Missing or invalid credentials", detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"floorwatch\""));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Not allowed for this credential", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "conflict", "Conflict", detail));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        String detail = errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid";
        return new ProblemException(
                Problem.of(422, "validation", "Validation failed", detail).withErrors(List.copyOf(errors)));
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(503, "unavailable", "Temporarily unavailable", detail),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }
}
