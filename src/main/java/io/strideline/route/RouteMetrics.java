package io.strideline.route;

import io.strideline.activity.ActivityTracks;
import io.strideline.track.Difficulty;
import io.strideline.track.Elevation;
import io.strideline.track.Geodesy;
import io.strideline.track.Track;
import org.jspecify.annotations.Nullable;

/**
 * What a route says about itself, stored with it at creation (its points never change): distance,
 * climbing, an estimated walking time and a difficulty. Distance, climbing and difficulty are the
 * track module's ({@link Geodesy}, {@link Elevation}, {@link Difficulty}), the same as an
 * activity's; only the walking time is the route's own. Methods: docs/architecture.md ("Saved
 * routes").
 */
record RouteMetrics(double distance, double gain, double loss, int estimatedSeconds, Difficulty difficulty) {

    /** Naismith's rule: 5 km/h on the flat plus one hour per 600 m of ascent. */
    static final double WALKING_SPEED_M_PER_S = 5000.0 / 3600.0;

    static final double SECONDS_PER_M_ASCENT = 3600.0 / 600.0;

    /** Measured along the points, as one line. */
    static RouteMetrics of(Geometry geometry) {
        return of(geometry.track());
    }

    /**
     * Measured as an activity of the same track would be: a recording (a route file with times)
     * without the gaps between its segments and pauses, its climb smoothed as a sensor's.
     */
    static RouteMetrics of(Track path) {
        double[] along = Geodesy.cumulative(path);
        double distance = along.length == 0 ? 0 : along[along.length - 1];
        var climb = Elevation.of(path);
        double gain = climb == null ? 0 : climb.gain();
        double loss = climb == null ? 0 : climb.loss();
        return new RouteMetrics(distance, gain, loss, estimatedSeconds(distance, gain), Difficulty.of(distance, gain));
    }

    /**
     * The numbers the activity shows (the device's where its file stated them), not the ones of
     * its points: a route saved from an activity has the activity's distance, climb and difficulty.
     */
    static RouteMetrics of(ActivityTracks.Path activity) {
        double gain = nonNegative(activity.elevationGainMeters());
        double distance = Math.max(0, activity.distanceMeters());
        return new RouteMetrics(
                distance,
                gain,
                nonNegative(activity.elevationLossMeters()),
                estimatedSeconds(distance, gain),
                activity.difficulty());
    }

    /** Naismith's rule for walking. */
    static int estimatedSeconds(double distance, double gain) {
        return (int) Math.round(distance / WALKING_SPEED_M_PER_S + gain * SECONDS_PER_M_ASCENT);
    }

    /** An activity without elevations climbs 0 m as a route (the columns are not null). */
    private static double nonNegative(@Nullable Double metres) {
        return metres == null || !(metres > 0) ? 0 : metres;
    }
}
