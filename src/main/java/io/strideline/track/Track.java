package io.strideline.track;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A recording as parallel streams, one entry per point, like Strava's streams. A channel the
 * recording does not carry is null; within a channel there are no holes (a missing sample takes
 * the value before it). {@code t} is seconds from the recording's start (the first point may lie
 * after it); it is null for a path without times (a planned route). {@code lat}/{@code lon} are
 * null for a recording without positions (a pool swim, an indoor ride).
 *
 * <p>{@code breaks} are the indices {@code i} where a new part of the recording begins: a pause
 * (FIT timer stop and start, a new TCX track) or a new GPX track or segment. Nothing is counted
 * from point {@code i - 1} to point {@code i}, neither distance nor moving time.
 */
public record Track(
        double @Nullable [] t,
        double @Nullable [] lat,
        double @Nullable [] lon,
        double @Nullable [] ele,
        int @Nullable [] hr,
        int @Nullable [] cad,
        int @Nullable [] power,
        double @Nullable [] speed,
        double @Nullable [] temp,
        int[] breaks) {

    public int size() {
        if (t != null) {
            return t.length;
        }
        return lat != null ? lat.length : 0;
    }

    public boolean hasPositions() {
        return lat != null && lon != null && lat.length > 0;
    }

    /** Whether the step from point {@code i - 1} to point {@code i} is part of the recording. */
    public boolean continues(int i) {
        return i > 0 && Arrays.binarySearch(breaks, i) < 0;
    }

    /** A track of positions (and elevations) only, in one part: a planned route. */
    public static Track path(double[] lat, double[] lon, double @Nullable [] ele) {
        return new Track(null, lat, lon, ele, null, null, null, null, null, new int[0]);
    }

    /** Points {@code from} (inclusive) to {@code to} (exclusive), with the breaks inside them. */
    public Track slice(int from, int to) {
        if (from == 0 && to == size()) {
            return this;
        }
        int[] inside = Arrays.stream(breaks)
                .filter(b -> b > from && b < to)
                .map(b -> b - from)
                .toArray();
        return new Track(
                range(t, from, to),
                range(lat, from, to),
                range(lon, from, to),
                range(ele, from, to),
                range(hr, from, to),
                range(cad, from, to),
                range(power, from, to),
                range(speed, from, to),
                range(temp, from, to),
                inside);
    }

    private static double @Nullable [] range(double @Nullable [] values, int from, int to) {
        return values == null ? null : Arrays.copyOfRange(values, from, to);
    }

    private static int @Nullable [] range(int @Nullable [] values, int from, int to) {
        return values == null ? null : Arrays.copyOfRange(values, from, to);
    }
}
