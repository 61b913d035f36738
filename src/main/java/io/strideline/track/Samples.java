package io.strideline.track;

import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Collects the points of a file as the readers meet them and builds the {@link Track}: refuses
 * absurd values with the point's number, drops points that go back in time, and fills the holes
 * of every channel. Missing values are NaN (doubles) or -1 (integers) while collecting.
 */
final class Samples {

    private final TrackFormat format;
    private final int max;
    private int n;
    private long[] millis = new long[1024];
    private double[] lat = new double[1024];
    private double[] lon = new double[1024];
    private double[] ele = new double[1024];
    private int[] hr = new int[1024];
    private int[] cad = new int[1024];
    private int[] power = new int[1024];
    private double[] speed = new double[1024];
    private double[] temp = new double[1024];
    /** The device's own distance from the start (FIT record distance, TCX DistanceMeters). */
    private double[] odometer = new double[1024];

    private boolean[] breakBefore = new boolean[1024];
    private int seen;
    private boolean anyTime;
    private boolean anyTimeMissing;
    private boolean anyPosition;
    private boolean pendingBreak;
    /**
     * For each point as it was added, how many points before it {@link #compact} kept: where a
     * reader's part or leg boundary, counted while reading, lies in the built track. Null until
     * compacted.
     */
    private int @Nullable [] keptBefore;

    Samples(TrackFormat format, int max) {
        this.format = format;
        this.max = max;
    }

    int size() {
        return n;
    }

    /** The next point begins a new part of the recording (a pause, a new segment). */
    void breakHere() {
        pendingBreak = true;
    }

    /** The next point continues the part before it after all (cancels {@link #breakHere}). */
    void continueHere() {
        pendingBreak = false;
    }

    long lastMillis() {
        return n == 0 ? Long.MIN_VALUE : millis[n - 1];
    }

    @SuppressWarnings("ParameterNumber")
    void add(
            @Nullable Instant time,
            double latitude,
            double longitude,
            double elevation,
            int heartRate,
            int cadence,
            int watts,
            double metresPerSecond,
            double celsius,
            double deviceDistance) {
        int index = seen++;
        boolean positioned = !Double.isNaN(latitude) && !Double.isNaN(longitude);
        if (positioned && !(latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180)) {
            throw TrackFiles.invalid(
                    format, "point " + index + " has coordinates out of range (" + latitude + ", " + longitude + ")");
        }
        if (!Double.isNaN(elevation) && !(elevation >= -1000 && elevation <= 10_000)) {
            throw TrackFiles.invalid(format, "point " + index + " has an elevation out of range (" + elevation + " m)");
        }
        if (heartRate > 300 || cadence > 400 || watts > 4000) {
            throw TrackFiles.invalid(format, "point " + index + " has a heart rate, cadence or power out of range");
        }
        long ms = time == null ? Long.MIN_VALUE : time.toEpochMilli();
        if (time != null && n > 0 && millis[n - 1] != Long.MIN_VALUE && ms < millis[n - 1]) {
            return; // a point back in time is a recording glitch: the first one wins
        }
        if (n == max) {
            throw TrackFiles.invalid(format, "the file has more than " + max + " points");
        }
        if (n == millis.length) {
            grow(n * 2);
        }
        anyTime |= time != null;
        anyTimeMissing |= time == null;
        anyPosition |= positioned;
        millis[n] = ms;
        lat[n] = positioned ? latitude : Double.NaN;
        lon[n] = positioned ? longitude : Double.NaN;
        ele[n] = elevation;
        hr[n] = heartRate;
        cad[n] = cadence;
        power[n] = watts < 0 ? -1 : watts;
        speed[n] = metresPerSecond >= 0 ? metresPerSecond : Double.NaN;
        temp[n] = celsius;
        odometer[n] = deviceDistance;
        breakBefore[n] = pendingBreak && n > 0;
        pendingBreak = false;
        n++;
    }

    private void grow(int size) {
        millis = Arrays.copyOf(millis, size);
        lat = Arrays.copyOf(lat, size);
        lon = Arrays.copyOf(lon, size);
        ele = Arrays.copyOf(ele, size);
        hr = Arrays.copyOf(hr, size);
        cad = Arrays.copyOf(cad, size);
        power = Arrays.copyOf(power, size);
        speed = Arrays.copyOf(speed, size);
        temp = Arrays.copyOf(temp, size);
        odometer = Arrays.copyOf(odometer, size);
        breakBefore = Arrays.copyOf(breakBefore, size);
    }

    /** Epoch milliseconds of the points kept by {@link #build} (for assigning them to legs). */
    long[] times() {
        return Arrays.copyOf(millis, n);
    }

    /**
     * Keeps only what makes a consistent track: when some points have a position, the points
     * without one are dropped (a GPS fix lost for a moment is no part of a map), and when some have
     * a time, the points without one are. Call before {@link #build}.
     */
    void compact() {
        if (keptBefore != null) {
            return; // compacted already: its mapping of the points as added stays the one to use
        }
        int[] before = new int[n + 1];
        int kept = 0;
        boolean carryBreak = false;
        for (int i = 0; i < n; i++) {
            before[i] = kept;
            boolean keep = (!anyPosition || !Double.isNaN(lat[i])) && (!anyTime || millis[i] != Long.MIN_VALUE);
            if (!keep) {
                carryBreak |= breakBefore[i];
                continue;
            }
            millis[kept] = millis[i];
            lat[kept] = lat[i];
            lon[kept] = lon[i];
            ele[kept] = ele[i];
            hr[kept] = hr[i];
            cad[kept] = cad[i];
            power[kept] = power[i];
            speed[kept] = speed[i];
            temp[kept] = temp[i];
            odometer[kept] = odometer[i];
            breakBefore[kept] = kept > 0 && (breakBefore[i] || carryBreak);
            carryBreak = false;
            kept++;
        }
        before[n] = kept;
        keptBefore = before;
        n = kept;
        anyTimeMissing = false;
    }

    /**
     * The index in the built track of the point that was the {@code added}-th one added (or, when
     * compacting dropped it, of the next point kept); {@code added} may be the count of points
     * added, for the end. A reader counts its parts' boundaries while reading, before the points
     * without a time or position are dropped: a boundary counted so, used as it is, points at
     * another point of the track or past its end (a GPX with an untimed track before timed ones).
     */
    int kept(int added) {
        int[] before = keptBefore;
        return before == null ? added : before[added];
    }

    /**
     * A break where the device's own distance went on is no pause: the device moved and counted
     * it, and only the points in between are missing (a file trimmed by an editor, a TCX track
     * begun for a new lap). Across a real pause the device's distance stands still.
     */
    private void keepOnlyPauses() {
        for (int i = 1; i < n; i++) {
            if (!breakBefore[i] || Double.isNaN(odometer[i]) || Double.isNaN(odometer[i - 1])) {
                continue;
            }
            double counted = odometer[i] - odometer[i - 1];
            double step = Double.isNaN(lat[i]) || Double.isNaN(lat[i - 1])
                    ? 0
                    : Geodesy.distance(lat[i - 1], lon[i - 1], lat[i], lon[i]);
            if (counted > 1 && counted >= step / 2) {
                breakBefore[i] = false;
            }
        }
    }

    /**
     * The track, {@code t} counted from {@code start} (or the first point when null); null
     * {@code t} when no point has a time.
     */
    Track build(@Nullable Instant start) {
        compact();
        keepOnlyPauses();
        double[] t = null;
        if (anyTime && !anyTimeMissing && n > 0) {
            long origin = start != null ? Math.min(start.toEpochMilli(), millis[0]) : millis[0];
            t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = (millis[i] - origin) / 1000.0;
            }
        }
        int breaks = 0;
        for (int i = 0; i < n; i++) {
            if (breakBefore[i]) {
                breaks++;
            }
        }
        int[] at = new int[breaks];
        for (int i = 0, b = 0; i < n; i++) {
            if (breakBefore[i]) {
                at[b++] = i;
            }
        }
        return new Track(
                t,
                anyPosition ? Arrays.copyOf(lat, n) : null,
                anyPosition ? Arrays.copyOf(lon, n) : null,
                filled(ele),
                filled(hr),
                filled(cad),
                filled(power),
                filled(speed),
                filled(temp),
                at);
    }

    /** Holes take the value before them (the first known one at the start); null without any value. */
    private double @Nullable [] filled(double[] values) {
        double last = Double.NaN;
        for (int i = 0; i < n && Double.isNaN(last); i++) {
            last = values[i];
        }
        if (Double.isNaN(last)) {
            return null;
        }
        double[] out = Arrays.copyOf(values, n);
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(out[i])) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        return out;
    }

    private int @Nullable [] filled(int[] values) {
        int last = -1;
        for (int i = 0; i < n && last < 0; i++) {
            last = values[i];
        }
        if (last < 0) {
            return null;
        }
        int[] out = Arrays.copyOf(values, n);
        for (int i = 0; i < n; i++) {
            if (out[i] < 0) {
                out[i] = last;
            } else {
                last = out[i];
            }
        }
        return out;
    }
}
