package io.strideline.platform;

import io.strideline.platform.ApiException.FieldProblem;
import java.util.ArrayList;
import java.util.List;

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

    public void throwIfInvalid() {
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems);
        }
    }
}
