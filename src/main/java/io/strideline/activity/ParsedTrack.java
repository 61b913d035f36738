package io.strideline.activity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A track read from a file: parallel arrays, one entry per point, {@code t} in seconds from
 * {@code start}. Channels a file does not carry are null.
 */
record ParsedTrack(
        String format,
        @Nullable String sport,
        @Nullable String name,
        Instant start,
        double[] t,
        double[] lat,
        double[] lon,
        double @Nullable [] ele,
        int @Nullable [] hr,
        int @Nullable [] cad) {

    int size() {
        return t.length;
    }

    Instant end() {
        return start.plusMillis(Math.round(t[t.length - 1] * 1000));
    }
}
