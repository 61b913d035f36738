package io.strideline.route;

import io.strideline.track.Geodesy;
import io.strideline.track.Track;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's points as parallel arrays, as stored. {@code ele} is null when no point has an
 * elevation; single entries are NaN where one point lacks it.
 */
record Geometry(double[] lat, double[] lon, double @Nullable [] ele) {

    int size() {
        return lat.length;
    }

    /**
     * The points as a track of the track module, to measure and to write as GPX: one part (a route
     * is one line, its segments joined, as it is stored and drawn), and the elevation of a point
     * without one taken from the point before (the first known one at the start), as a track
     * fills the holes of its channels.
     */
    Track track() {
        double[] known = ele == null ? null : elevationsOrNull(ele);
        return Track.path(lat, lon, known == null ? null : filled(known));
    }

    private static double[] filled(double[] ele) {
        double last = Double.NaN;
        for (int i = 0; i < ele.length && Double.isNaN(last); i++) {
            last = ele[i];
        }
        double[] out = Arrays.copyOf(ele, ele.length);
        for (int i = 0; i < out.length; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        return out;
    }

    /** Null when every entry is NaN, so that a route without elevations stores none. */
    static double @Nullable [] elevationsOrNull(double[] ele) {
        for (double e : ele) {
            if (!Double.isNaN(e)) {
                return ele;
            }
        }
        return null;
    }

    /** Without the points inside any of the circles (someone's privacy zones). */
    Geometry outside(List<Geodesy.Circle> circles) {
        boolean[] keep = Geodesy.outside(lat, lon, circles);
        if (keep == null) {
            return this;
        }
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        var la = new double[n];
        var lo = new double[n];
        var el = ele == null ? null : new double[n];
        for (int i = 0, j = 0; i < keep.length; i++) {
            if (keep[i]) {
                la[j] = lat[i];
                lo[j] = lon[i];
                if (el != null && ele != null) {
                    el[j] = ele[i];
                }
                j++;
            }
        }
        return new Geometry(la, lo, el);
    }

    /** Evenly thinned to at most {@code max} points, keeping the first and the last. */
    Geometry thinnedTo(int max) {
        int n = size();
        if (n <= max) {
            return this;
        }
        var la = new double[max];
        var lo = new double[max];
        var el = ele == null ? null : new double[max];
        for (int i = 0; i < max; i++) {
            // index i of max spreads over 0..n-1 so that the last point is kept exactly
            int from = (int) Math.round((double) i * (n - 1) / (max - 1));
            la[i] = lat[from];
            lo[i] = lon[from];
            if (el != null && ele != null) {
                el[i] = ele[from];
            }
        }
        return new Geometry(la, lo, el);
    }
}
