package io.strideline.platform;

import io.strideline.platform.ApiException.FieldProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Collects every bad field of a request before failing, so that the client sees all of them at
 * once. Checks take the JSON field name ({@code snake_case}) so that problems name what the
 * client sent.
 */
public final class Validation {

    private final List<FieldProblem> problems = new ArrayList<>();

    public Validation check(boolean ok, String field, String message) {
        if (!ok) {
            problems.add(new FieldProblem(field, message));
        }
        return this;
    }

    public boolean has(String field) {
        return problems.stream().anyMatch(p -> p.field().equals(field));
    }

    public List<FieldProblem> problems() {
        return List.copyOf(problems);
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** Whether an instant is within the years 1..9999, which both PostgreSQL and this API handle. */
    public static boolean storable(@Nullable Instant instant) {
        return instant == null || (!instant.isBefore(EARLIEST) && !instant.isAfter(LATEST));
    }

    /** The JSON path ({@code track.lat[3]}) at which Jackson failed to read a value. */
    public static String jsonPath(JacksonException e) {
        var path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }
}
