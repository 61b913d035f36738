package io.strideline.track;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the points of a track say, computed the same way for every track (so the property tests
 * can hold it to that, and docs/analysis.md can measure it against devices):
 *
 * <ul>
 *   <li>Distance: geodesic distances on the WGS84 ellipsoid ({@link Geodesy}) between consecutive
 *       points, never across a break (a pause, a new GPX segment or track).
 *   <li>Timer time: elapsed time without the time across breaks; moving time: the steps of
 *       timer time faster than 1 km/h in three dimensions (standing with GPS drift is slower).
 *   <li>Elevation: {@link Elevation}.
 *   <li>Splits: the timer time of every full kilometre (the crossing interpolated within its step),
 *       then the rest; they add up to the timer time.
 * </ul>
 */
public final class TrackAnalysis {

    /** 1 km/h, as gpxpy: slower is standing with GPS drift. */
    static final double MOVING_SPEED_MPS = 1 / 3.6;

    public static final String METHOD = "geodesic WGS84 (GeographicLib), no distance or time across pauses and "
            + "segment gaps; moving > 1 km/h (3D); elevation: " + Elevation.METHOD;

    /** One kilometre split (the last one may be shorter). */
    @Schema(name = "TrackSplit", description = "One kilometre of the track (the last split may be shorter).")
    public record Split(
            @Schema(description = "Number of the split, from 1.", example = "1")
            int index,

            @Schema(description = "Its distance in metres: 1000, the last one up to 1000.", example = "1000.0")
            double distanceMeters,

            @Schema(description = "Its timer time in seconds (pauses excluded).", example = "352.4")
            double durationSeconds,

            @Schema(description = "Its pace in seconds per km; null for a split of 0 m.", example = "352.4") @Nullable
            Double paceSecondsPerKm) {}

    @Schema(
            name = "TrackAnalysis",
            description = "What the track's points say, computed by Strideline (see method); numbers rounded to 0.1.")
    public record Analysis(
            @Schema(
                    description = "Geodesic distance along the track in metres, pauses and gaps excluded.",
                    example = "5012.3")
            double distanceMeters,

            @Schema(description = "Time from the first to the last point in seconds.", example = "1800.0")
            double elapsedSeconds,

            @Schema(description = "Elapsed time without pauses and gaps, in seconds.", example = "1790.0")
            double timerSeconds,

            @Schema(description = "Timer time spent faster than 1 km/h, in seconds.", example = "1742.0")
            double movingSeconds,

            @Schema(description = "Climbing in metres; null without elevations.", example = "48.0") @Nullable
            Double elevationGainMeters,

            @Schema(description = "Descent in metres; null without elevations.", example = "47.5") @Nullable
            Double elevationLossMeters,

            @Schema(description = "Highest elevation in metres; null without elevations.", example = "531.2") @Nullable
            Double maxElevationMeters,

            @Schema(description = "Lowest elevation in metres; null without elevations.", example = "512.0") @Nullable
            Double minElevationMeters,

            @Schema(description = "Moving seconds per km; null for a distance of 0.", example = "347.5") @Nullable
            Double avgMovingPaceSecondsPerKm,

            @Schema(description = "Number of parts: 1 plus the pauses and segment gaps.", example = "1")
            int parts,

            @Schema(description = "Kilometre splits in order; their times add up to timer_seconds.")
            List<Split> splits,

            @Schema(description = "How the numbers were computed (for comparing analyses).", example = METHOD)
            String method) {}

    private TrackAnalysis() {}

    /** The analysis of a track with times and positions. */
    public static Analysis analyze(Track track) {
        double[] t = java.util.Objects.requireNonNull(track.t(), "an analysed track has times");
        double[] lat = java.util.Objects.requireNonNull(track.lat(), "an analysed track has positions");
        double[] lon = java.util.Objects.requireNonNull(track.lon(), "an analysed track has positions");
        double[] ele = track.ele();
        int n = t.length;
        double distance = 0;
        double timer = 0;
        double moving = 0;
        var splits = new ArrayList<Split>();
        double splitStart = 0; // timer time at the start of the current split
        double nextKm = 1000;
        for (int i = 1; i < n; i++) {
            if (!track.continues(i)) {
                continue;
            }
            double d = Geodesy.distance(lat[i - 1], lon[i - 1], lat[i], lon[i]);
            double dt = Math.max(0, t[i] - t[i - 1]);
            // the speed of the step in three dimensions, as gpxpy judges it: a steep climb is no stop
            double climb = ele == null ? 0 : ele[i] - ele[i - 1];
            if (dt > 0 && Math.sqrt(d * d + climb * climb) / dt > MOVING_SPEED_MPS) {
                moving += dt;
            }
            while (d > 0 && distance + d >= nextKm) {
                double crossing = timer + (nextKm - distance) / d * dt;
                splits.add(split(splits.size() + 1, 1000, crossing - splitStart));
                splitStart = crossing;
                nextKm += 1000;
            }
            distance += d;
            timer += dt;
        }
        double rest = distance - (nextKm - 1000);
        double restTime = timer - splitStart;
        if (rest > 1e-9 || restTime > 0) {
            splits.add(split(splits.size() + 1, Math.max(0, rest), restTime));
        }
        var climb = Elevation.of(track);
        Double max = null;
        Double min = null;
        if (ele != null && n > 0) {
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            for (double e : ele) {
                hi = Math.max(hi, e);
                lo = Math.min(lo, e);
            }
            max = round1(hi);
            min = round1(lo);
        }
        double km = distance / 1000;
        return new Analysis(
                round1(distance),
                round1(n == 0 ? 0 : t[n - 1] - t[0]),
                round1(timer),
                round1(moving),
                climb == null ? null : round1(climb.gain()),
                climb == null ? null : round1(climb.loss()),
                max,
                min,
                km > 0 ? round1(moving / km) : null,
                track.breaks().length + 1,
                List.copyOf(splits),
                METHOD);
    }

    /** The time of the track without the time across its breaks; 0 without times. */
    public static double timerSeconds(Track track) {
        double[] t = track.t();
        if (t == null) {
            return 0;
        }
        double timer = 0;
        for (int i = 1; i < t.length; i++) {
            if (track.continues(i)) {
                timer += Math.max(0, t[i] - t[i - 1]);
            }
        }
        return timer;
    }

    private static Split split(int index, double meters, double seconds) {
        return new Split(index, round1(meters), round1(seconds), meters > 0 ? round1(seconds / meters * 1000) : null);
    }

    static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
