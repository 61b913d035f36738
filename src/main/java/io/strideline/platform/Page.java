package io.strideline.platform;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** One page of a list: {@code {items, next_cursor}}; {@code next_cursor} is null on the last page. */
@Schema(description = "One page of a list, newest first unless the operation says otherwise.")
public record Page<T>(
        @Schema(description = "This page's items, at most `limit` (default 50, at most 200).")
        List<T> items,

        @Schema(
                description = "Opaque cursor of the next page (send it as `cursor`); null on the last page.",
                example = "MDFhMjMzYjMtNDY3Yy03NTM2")
        @Nullable
        String nextCursor) {

    /**
     * Builds a page from a query that fetched {@code limit + 1} rows: the extra row only says that
     * there is a next page, whose cursor is made from the last row shown.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        var shown = rows.subList(0, limit);
        return new Page<>(List.copyOf(shown), cursorOf.apply(shown.get(limit - 1)));
    }

    /** The same page with every item converted. */
    public <R> Page<R> map(Function<T, R> convert) {
        return new Page<>(items.stream().map(convert).toList(), nextCursor);
    }
}
