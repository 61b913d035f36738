package io.strideline.activity;

import io.strideline.platform.WireEnum;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Route analysis of a track. Pure functions of the streams, so that the same track always gives
 * the same numbers (and the property tests can hold them to that).
 *
 * <ul>
 *   <li>Distance: sum of haversine distances between consecutive points on a sphere of the WGS84
 *       mean radius (6,371,008.8 m). Within 0.5 % of Vincenty's ellipsoidal distance, symmetric
 *       (A to B equals B to A), and cheap for 100,000 points.
 *   <li>Moving time: the time of the segments whose speed is at least 0.5 m/s (a slow walk is
 *       about 1 m/s; standing still with GPS drift is mostly below).
 *   <li>Elevation gain and loss: hysteresis of 5 m. A change counts only once the elevation has
 *       moved 5 m away from the last counted level, so GPS jitter of up to ±2.5 m adds nothing.
 *   <li>Splits: elapsed time of every full kilometre (the crossing instant interpolated inside its
 *       segment), then the remainder; the split times add up to the elapsed time.
 *   <li>Difficulty from effort kilometres (the Swiss Alpine Club's Leistungskilometer): distance in
 *       km + gain in m / 100. Below 10 easy, below 25 moderate, else hard.
 * </ul>
 */
final class TrackAnalysis {

    static final double EARTH_RADIUS_M = 6_371_008.8;
    static final double MOVING_SPEED_MPS = 0.5;
    static final double ELEVATION_HYSTERESIS_M = 5.0;
    static final String METHOD = "haversine-wgs84-mean-radius; moving >= 0.5 m/s; elevation hysteresis 5 m; "
            + "difficulty effort_km = km + gain_m/100 (easy < 10 <= moderate < 25 <= hard)";

    /** How hard a track is, from its effort kilometres; declared from easy to hard. */
    enum Difficulty implements WireEnum {
        EASY,
        MODERATE,
        HARD
    }

    /** One kilometre split (the last one may be shorter). */
    @Schema(name = "TrackSplit", description = "One kilometre of the track (the last split may be shorter).")
    record Split(
            @Schema(description = "Number of the split, from 1.", example = "1")
            int index,

            @Schema(description = "Its distance in metres: 1000, the last one up to 1000.", example = "1000.0")
            double distanceMeters,

            @Schema(description = "Its elapsed time in seconds.", example = "352.4")
            double durationSeconds,

            @Schema(description = "Its pace in seconds per km; null for a split of 0 m.", example = "352.4") @Nullable
            Double paceSecondsPerKm) {}

    @Schema(
            name = "TrackAnalysis",
            description = "Route analysis of a GPS track, a pure function of its points (see method). Numbers are "
                    + "rounded to 0.1.")
    record Analysis(
            @Schema(description = "Haversine distance along the track in metres.", example = "5012.3")
            double distanceMeters,

            @Schema(description = "Time from the first to the last point in seconds.", example = "1800.0")
            double elapsedSeconds,

            @Schema(description = "Time of the segments at 0.5 m/s or faster, in seconds.", example = "1742.0")
            double movingSeconds,

            @Schema(description = "Climbing in metres (5 m hysteresis); null without elevations.", example = "48.0")
            @Nullable
            Double elevationGainMeters,

            @Schema(description = "Descent in metres (5 m hysteresis); null without elevations.", example = "47.5")
            @Nullable
            Double elevationLossMeters,

            @Schema(description = "Highest elevation in metres; null without elevations.", example = "531.2") @Nullable
            Double maxElevationMeters,

            @Schema(description = "Lowest elevation in metres; null without elevations.", example = "512.0") @Nullable
            Double minElevationMeters,

            @Schema(description = "Elapsed seconds per km; null for a distance of 0.", example = "359.1") @Nullable
            Double avgPaceSecondsPerKm,

            @Schema(description = "Moving seconds per km; null for a distance of 0.", example = "347.5") @Nullable
            Double avgMovingPaceSecondsPerKm,

            @Schema(description = "Kilometre splits in order; their times add up to elapsed_seconds.")
            List<Split> splits,

            @Schema(description = "From effort_km: easy below 10, moderate below 25, else hard.", example = "easy")
            Difficulty difficulty,

            @Schema(description = "Effort kilometres: distance in km + climbing in m / 100.", example = "5.5")
            double effortKm,

            @Schema(description = "How the numbers were computed (for comparing analyses).", example = METHOD)
            String method) {}

    private TrackAnalysis() {}

    static Analysis analyze(double[] t, double[] lat, double[] lon, double @Nullable [] ele) {
        int n = t.length;
        double distance = 0;
        double moving = 0;
        var splits = new ArrayList<Split>();
        double splitStart = n == 0 ? 0 : t[0];
        double nextKm = 1000;
        for (int i = 1; i < n; i++) {
            double d = haversine(lat[i - 1], lon[i - 1], lat[i], lon[i]);
            double dt = t[i] - t[i - 1];
            if (dt > 0 && d / dt >= MOVING_SPEED_MPS) {
                moving += dt;
            }
            while (d > 0 && distance + d >= nextKm) {
                double crossing = t[i - 1] + (nextKm - distance) / d * dt;
                splits.add(split(splits.size() + 1, 1000, crossing - splitStart));
                splitStart = crossing;
                nextKm += 1000;
            }
            distance += d;
        }
        double elapsed = n == 0 ? 0 : t[n - 1] - t[0];
        double rest = distance - (nextKm - 1000);
        double restTime = n == 0 ? 0 : t[n - 1] - splitStart;
        if (rest > 1e-9 || restTime > 0) {
            splits.add(split(splits.size() + 1, Math.max(0, rest), restTime));
        }
        double[] gainLoss = ele == null ? null : gainAndLoss(ele);
        Double max = null;
        Double min = null;
        if (ele != null && n > 0) {
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            for (double e : ele) {
                if (Double.isFinite(e)) {
                    hi = Math.max(hi, e);
                    lo = Math.min(lo, e);
                }
            }
            max = Double.isFinite(hi) ? round1(hi) : null;
            min = Double.isFinite(lo) ? round1(lo) : null;
        }
        double km = distance / 1000;
        double gain = gainLoss == null ? 0 : gainLoss[0];
        double effort = km + gain / 100;
        return new Analysis(
                round1(distance),
                round1(elapsed),
                round1(moving),
                gainLoss == null ? null : round1(gainLoss[0]),
                gainLoss == null ? null : round1(gainLoss[1]),
                max,
                min,
                km > 0 ? round1(elapsed / km) : null,
                km > 0 ? round1(moving / km) : null,
                List.copyOf(splits),
                difficulty(effort),
                round1(effort),
                METHOD);
    }

    static Difficulty difficulty(double effortKm) {
        return effortKm < 10 ? Difficulty.EASY : effortKm < 25 ? Difficulty.MODERATE : Difficulty.HARD;
    }

    /** Great-circle distance in metres (haversine formula). */
    static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = sq(Math.sin(dp / 2)) + Math.cos(p1) * Math.cos(p2) * sq(Math.sin(dl / 2));
        return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Total distance alone, for callers that need nothing else. */
    static double distance(double[] lat, double[] lon) {
        double sum = 0;
        for (int i = 1; i < lat.length; i++) {
            sum += haversine(lat[i - 1], lon[i - 1], lat[i], lon[i]);
        }
        return sum;
    }

    /**
     * Gain and loss with hysteresis: the reference level moves (and the change is counted) only
     * when the elevation is at least {@link #ELEVATION_HYSTERESIS_M} away from it.
     */
    static double[] gainAndLoss(double[] ele) {
        double gain = 0;
        double loss = 0;
        double ref = Double.NaN;
        for (double e : ele) {
            if (!Double.isFinite(e)) {
                continue;
            }
            if (Double.isNaN(ref)) {
                ref = e;
            } else if (e - ref >= ELEVATION_HYSTERESIS_M) {
                gain += e - ref;
                ref = e;
            } else if (ref - e >= ELEVATION_HYSTERESIS_M) {
                loss += ref - e;
                ref = e;
            }
        }
        return new double[] {gain, loss};
    }

    private static Split split(int index, double meters, double seconds) {
        return new Split(index, round1(meters), round1(seconds), meters > 0 ? round1(seconds / meters * 1000) : null);
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}
