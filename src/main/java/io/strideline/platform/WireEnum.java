package io.strideline.platform;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A closed vocabulary (kinds, roles, states, intervals): a Java enum whose wire value is its
 * name in lower case ({@code STEP_COUNTER} is {@code step_counter}) in JSON bodies, query
 * parameters and, as an {@code enum}, in the OpenAPI document. An unknown value is a 422 naming
 * the field and listing the values ({@link ProblemHandler}).
 */
public interface WireEnum {

    @JsonValue
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    /** The constant whose wire value is {@code value}, if any. */
    static <E extends Enum<E> & WireEnum> Optional<E> parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wire().equals(value)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    /** The wire values of an enum type, for messages. */
    static List<String> values(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> c instanceof WireEnum w ? w.wire() : ((Enum<?>) c).name())
                .toList();
    }
}
