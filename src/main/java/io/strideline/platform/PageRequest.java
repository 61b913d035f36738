package io.strideline.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code ?limit=&cursor=} of a list ordered by (time, id) descending. The cursor is opaque to
 * clients: the position of the last row they saw.
 */
public record PageRequest(int limit, @Nullable Position after) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** A row's place: its time and id, and for ranked lists (leaderboards) its score. */
    public record Position(Instant time, UUID id, double score) {
        public Position(Instant time, UUID id) {
            this(time, id, 0);
        }
    }

    public static PageRequest of(@Nullable Integer limit, @Nullable String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, cursor == null || cursor.isBlank() ? null : decode(cursor));
    }

    public static String cursor(Instant time, UUID id) {
        String raw = time.getEpochSecond() + "." + time.getNano() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor of a ranked row: score first, then time and id. */
    public static String cursor(double score, Instant time, UUID id) {
        String raw = time.getEpochSecond() + "." + time.getNano() + "." + id + "."
                + Long.toHexString(Double.doubleToLongBits(score));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", 4);
            var time = Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            if (!Validation.storable(time)) {
                throw new IllegalArgumentException("out of range");
            }
            double score = parts.length == 4 ? Double.longBitsToDouble(Long.parseUnsignedLong(parts[3], 16)) : 0;
            if (!Double.isFinite(score)) {
                throw new IllegalArgumentException("not a score");
            }
            return new Position(time, UUID.fromString(parts[2]), score);
        } catch (RuntimeException e) {
            throw ApiException.invalid("cursor", "is not a cursor this server issued");
        }
    }

    /** Fetch one row more than shown, to know whether there is a next page. */
    public int fetchSize() {
        return limit + 1;
    }

    /**
     * The keyset condition for the cursor, {@code "and (columns) < (:afterTime, :afterId)"} ({@code >}
     * for oldest-first listings), or nothing on the first page. Written out only when there is a
     * cursor: an {@code ":afterTime is null or ..."} condition becomes a filter under PostgreSQL's
     * generic plan, and deep pages then read every row before them.
     */
    public String seek(String columns, boolean newestFirst) {
        return after == null ? "" : "and (" + columns + ") " + (newestFirst ? "<" : ">") + " (:afterTime, :afterId)";
    }
}
