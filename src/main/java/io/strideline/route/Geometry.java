package io.strideline.route;

import org.jspecify.annotations.Nullable;

/**
 * A route's points as parallel arrays, as stored. {@code ele} is null when no point has an
 * elevation; single entries are NaN where one point lacks it.
 */
record Geometry(double[] lat, double[] lon, double @Nullable [] ele) {

    int size() {
        return lat.length;
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
