package io.strideline.track;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The one elevation rule of tracks and routes, tuned against barometric devices (errors per file
 * in docs/analysis.md). For each part of the track (never across a pause or a segment gap):
 *
 * <ol>
 *   <li>estimate the recording's jitter: the robust standard deviation of its second differences
 *       (median absolute deviation × 1.4826 / √6), which is ~0 for a barometer's smooth 0.2 m
 *       steps and metres for GPS elevations;
 *   <li>smooth with a centred moving mean of 7 points (fewer at the ends of the part);
 *   <li>count a climb or a descent once the smoothed elevation has moved {@code max(1 m, 3 ×
 *       jitter)} from the last counted point (hysteresis).
 * </ol>
 *
 * <p>A path without times (a planned route: points drawn on a map, elevations from a terrain
 * model) is no sensor's samples: its profile is counted as it is, with the 1 m threshold only.
 *
 * <p>A fixed 5 m threshold flattens real rolling climbs on barometric data (−34 % to −49 %) and a
 * raw sum counts GPS noise as climbing; the threshold that follows the measured jitter does
 * neither.
 */
public final class Elevation {

    /** Climbing and descent in metres. */
    public record Climb(double gain, double loss) {}

    static final String METHOD =
            "per part: 7-point moving mean, hysteresis max(1 m, 3 x jitter) where jitter is the robust sigma of "
                    + "second differences";

    /** Points either side of the centre of the moving mean. */
    static final int HALF_WINDOW = 3;

    /** The smallest step counted, the resolution of barometric altimeters (0.2 m) with margin. */
    static final double MIN_THRESHOLD_M = 1.0;

    /** Thresholds in jitter sigmas: noise alone crosses 3 σ of the smoothed profile rarely. */
    static final double JITTER_SIGMAS = 3.0;

    private Elevation() {}

    /** Gain and loss of the track's elevation profile; null without elevations. */
    public static @Nullable Climb of(Track track) {
        double[] ele = track.ele();
        if (ele == null) {
            return null;
        }
        boolean recorded = track.t() != null;
        double gain = 0;
        double loss = 0;
        int from = 0;
        for (int b : track.breaks()) {
            Climb part = climb(Arrays.copyOfRange(ele, from, b), recorded);
            gain += part.gain();
            loss += part.loss();
            from = b;
        }
        Climb last = climb(Arrays.copyOfRange(ele, from, ele.length), recorded);
        return new Climb(gain + last.gain(), loss + last.loss());
    }

    /** Gain and loss of one continuous part: smoothed and noise-adapted if recorded, else as it is. */
    static Climb climb(double[] ele, boolean recorded) {
        if (ele.length < 2) {
            return new Climb(0, 0);
        }
        if (!recorded) {
            return hysteresis(ele, MIN_THRESHOLD_M);
        }
        return hysteresis(movingMean(ele), Math.max(MIN_THRESHOLD_M, JITTER_SIGMAS * jitter(ele)));
    }

    /** Counts a climb or descent once the profile has moved the threshold from the last one counted. */
    private static Climb hysteresis(double[] profile, double threshold) {
        double gain = 0;
        double loss = 0;
        double anchor = profile[0];
        for (double e : profile) {
            if (e - anchor >= threshold) {
                gain += e - anchor;
                anchor = e;
            } else if (anchor - e >= threshold) {
                loss += anchor - e;
                anchor = e;
            }
        }
        return new Climb(gain, loss);
    }

    /** Centred mean of up to 2 × HALF_WINDOW + 1 points, the window cut at the ends. */
    private static double[] movingMean(double[] ele) {
        int n = ele.length;
        double[] prefix = new double[n + 1];
        for (int i = 0; i < n; i++) {
            prefix[i + 1] = prefix[i] + ele[i];
        }
        double[] smooth = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - HALF_WINDOW);
            int hi = Math.min(n, i + HALF_WINDOW + 1);
            smooth[i] = (prefix[hi] - prefix[lo]) / (hi - lo);
        }
        return smooth;
    }

    /**
     * The standard deviation of white noise on the profile, from the median absolute deviation of
     * its second differences (a slope or a steady climb has none, a step has few): robust to the
     * terrain, unlike the deviation from a smoothed profile.
     */
    static double jitter(double[] ele) {
        int n = ele.length;
        if (n < 3) {
            return 0;
        }
        double[] second = new double[n - 2];
        for (int i = 1; i < n - 1; i++) {
            second[i - 1] = ele[i + 1] - 2 * ele[i] + ele[i - 1];
        }
        double median = median(second);
        for (int i = 0; i < second.length; i++) {
            second[i] = Math.abs(second[i] - median);
        }
        return 1.4826 * median(second) / Math.sqrt(6);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
