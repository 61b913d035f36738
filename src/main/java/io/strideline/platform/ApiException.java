package io.strideline.platform;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Becomes an {@code application/problem+json} answer with a
 * stable {@code code} and, for bad input, one entry per bad field.
 */
public class ApiException extends RuntimeException {

    /** One bad field: its JSON path ({@code track.lat[3]}) and what is wrong with it. */
    public record FieldProblem(String field, String message) {}

    private final HttpStatus status;
    private final String code;
    private final List<FieldProblem> errors;
    private final @Nullable Long retryAfterSeconds;

    public ApiException(HttpStatus status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    private ApiException(
            HttpStatus status,
            String code,
            String message,
            List<FieldProblem> errors,
            @Nullable Long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Never null: every constructor takes a message. */
    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage(), "every constructor takes a message");
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    public static ApiException invalid(List<FieldProblem> errors) {
        return new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "validation_failed", "The request has invalid fields.", errors, null);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    /** 503 {@code overloaded}: the server sheds this request; the client should retry after a pause. */
    static ApiException overloaded(String message, long retryAfterSeconds) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE, "overloaded", message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message, List.of(), Math.max(1, retryAfterSeconds));
    }

    /** A refusal the caller may retry after {@code retryAfterSeconds} (a 429 or 503 with its own code). */
    public static ApiException retryLater(HttpStatus status, String code, String message, long retryAfterSeconds) {
        return new ApiException(status, code, message, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, code, message);
    }

    /** PostgreSQL data exceptions caused by values: untranslatable character, out of range. */
    private static final Set<String> CLIENT_DATA_STATES = Set.of("22P05", "22021", "22003", "22008", "22P02");

    /**
     * A value the database cannot store (a NUL inside a JSON object, a number out of range) that
     * validation let through is the client's problem; any other integrity failure is not.
     */
    public static Optional<ApiException> fromDatabase(DataIntegrityViolationException e) {
        if (e.getMostSpecificCause() instanceof SQLException sql && CLIENT_DATA_STATES.contains(sql.getSQLState())) {
            return Optional.of(new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT, "invalid_data", "The database cannot store this data."));
        }
        return Optional.empty();
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
