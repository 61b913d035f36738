package io.strideline.platform;

import io.strideline.platform.ApiException.FieldProblem;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * The one place where failures become RFC 9457 problems. Every problem carries a stable
 * {@code code}; bad input also lists {@code errors: [{field, message}]} with JSON field names.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "bad_request"),
            Map.entry(401, "unauthorized"),
            Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"),
            Map.entry(405, "method_not_allowed"),
            Map.entry(406, "not_acceptable"),
            Map.entry(409, "conflict"),
            Map.entry(413, "payload_too_large"),
            Map.entry(415, "unsupported_media_type"),
            Map.entry(422, "validation_failed"),
            Map.entry(429, "rate_limited"),
            Map.entry(500, "internal_error"),
            Map.entry(503, "unavailable"));

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        var problem = problem(e.status(), e.code(), e.getMessage(), e.errors());
        var headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            headers.set("RateLimit-Reset", Long.toString(e.retryAfterSeconds()));
            headers.set("RateLimit-Remaining", "0");
        }
        return ResponseEntity.status(e.status()).headers(headers).body(problem);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        if (type != null && type.isEnum()) {
            return api(ApiException.invalid(e.getName(), oneOf(type)));
        }
        return api(ApiException.invalid(e.getName(), "is not a valid value"));
    }

    /** A query string Tomcat cannot decode (percent-encoded bytes that are not UTF-8, say). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> badQuery(InvalidParameterException e) {
        return api(new ApiException(
                HttpStatus.BAD_REQUEST, "malformed_query", "The query string cannot be decoded as UTF-8."));
    }

    /**
     * A multipart body that cannot be parsed (no boundary, cut off). Too large a body is a
     * {@code MaxUploadSizeExceededException}, which the base class answers with 413.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
        return api(new ApiException(
                HttpStatus.BAD_REQUEST, "malformed_multipart", "The multipart request body cannot be parsed."));
    }

    @ExceptionHandler(DataAccessResourceFailureException.class)
    ResponseEntity<ProblemDetail> databaseDown(DataAccessResourceFailureException e) {
        return databaseDown(e.getMostSpecificCause().getMessage());
    }

    /**
     * A transaction that cannot begin, or whose rollback or commit fails because the connection
     * died under it (the database stopped mid-request): the same outage, not an internal error.
     * Nothing was acknowledged, so the client's retry is safe.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, TransactionSystemException.class})
    ResponseEntity<ProblemDetail> transactionFailed(TransactionException e) {
        return databaseDown(e.getMostSpecificCause().getMessage());
    }

    private ResponseEntity<ProblemDetail> databaseDown(@Nullable String cause) {
        // one line, not a stack trace per request: during an outage every request lands here
        log.error("database unavailable: {}", cause);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "database_unavailable",
                        "The database is not reachable; retry shortly.",
                        List.of()));
    }

    /** Data the database refuses (a NUL inside JSON, say) that validation let through: the client's. */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> refusedByDatabase(DataIntegrityViolationException e) {
        log.warn(
                "database refused the request's data: {}",
                e.getMostSpecificCause().getMessage());
        return api(new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, "invalid_data", "The database cannot store this data."));
    }

    /** A deadlock or lock timeout between concurrent requests: nothing was written, a retry works. */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> conflictingWrites(PessimisticLockingFailureException e) {
        log.warn("concurrent writes collided: {}", e.getMostSpecificCause().getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "concurrent_update",
                        "Another request changed the same data at the same moment; retry.",
                        List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Unexpected error.", List.of()));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldProblem(snakeCase(f.getField()), message(f)))
                .toList();
        return ResponseEntity.unprocessableContent()
                .body(problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "validation_failed",
                        "The request has invalid fields.",
                        errors));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        UnknownFields.discard();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ResponseEntity.status(api.status())
                        .body(problem(api.status(), api.code(), api.getMessage(), api.errors()));
            }
            if (t instanceof ZipException) {
                return ResponseEntity.badRequest()
                        .body(problem(
                                HttpStatus.BAD_REQUEST,
                                "invalid_gzip",
                                "The gzip request body is corrupt.",
                                List.of()));
            }
        }
        // only after the whole chain was searched: Jackson wraps a body-limit or gzip failure raised
        // while reading a field in a DatabindException with that field's path
        for (Throwable t = ex; t != null; t = t.getCause()) {
            // a value outside a closed vocabulary is a semantic error, like any other invalid value
            if (t instanceof InvalidFormatException bad
                    && bad.getTargetType() != null
                    && bad.getTargetType().isEnum()
                    && !bad.getPath().isEmpty()) {
                var invalid = ApiException.invalid(Validation.jsonPath(bad), oneOf(bad.getTargetType()));
                return ResponseEntity.status(invalid.status())
                        .body(problem(invalid.status(), invalid.code(), invalid.getMessage(), invalid.errors()));
            }
            if (t instanceof DatabindException bad && !bad.getPath().isEmpty()) {
                var field = Validation.jsonPath(bad);
                return ResponseEntity.badRequest()
                        .body(problem(
                                HttpStatus.BAD_REQUEST,
                                "malformed_request",
                                "The request body does not match the expected shape.",
                                List.of(new FieldProblem(field, "has the wrong type or format"))));
            }
        }
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST, "malformed_request", "The request body is not valid JSON.", List.of()));
    }

    /** Gives Spring's own problems (404, 405, 415 ...) our {@code code}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            problem.setProperty("code", CODES.getOrDefault(statusCode.value(), "error"));
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatusCode status, String code, String detail, List<FieldProblem> errors) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("code", code);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    private static String message(FieldError f) {
        return f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage();
    }

    private static String oneOf(Class<?> enumType) {
        return "must be one of " + String.join(", ", WireEnum.values(enumType));
    }

    static String snakeCase(String javaPath) {
        return javaPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
