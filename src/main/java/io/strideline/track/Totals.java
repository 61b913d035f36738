package io.strideline.track;

import org.jspecify.annotations.Nullable;

/**
 * The numbers an activity shows for a recording (or one leg of it): the device's own where its
 * file states them, as Garmin Connect and Strava do for barometric altimeters, wheel sensors and
 * timers that know the pauses; else the ones computed from the points. Each number falls back on
 * its own: a FIT session without an ascent still has its distance from the device.
 *
 * @param durationSeconds the device's timer time, else the computed moving time (or, without
 *     positions, the time without pauses)
 * @param device what the device stated; null when the file states nothing
 * @param computed the analysis of the points; null without times and positions
 */
public record Totals(
        double distanceMeters,
        double durationSeconds,
        double elapsedSeconds,
        @Nullable Double elevationGainMeters,
        @Nullable Double elevationLossMeters,
        @Nullable DeviceSummary device,
        TrackAnalysis.@Nullable Analysis computed) {

    public static Totals of(Track track, @Nullable DeviceSummary device) {
        var computed =
                track.hasPositions() && track.t() != null && track.size() >= 2 ? TrackAnalysis.analyze(track) : null;
        double[] t = track.t();
        double span = t == null || t.length == 0 ? 0 : t[t.length - 1] - t[0];
        double timer = computed != null ? computed.timerSeconds() : TrackAnalysis.timerSeconds(track);
        Elevation.Climb climb = computed != null ? null : Elevation.of(track);
        Double gain = computed != null ? computed.elevationGainMeters() : climb == null ? null : climb.gain();
        Double loss = computed != null ? computed.elevationLossMeters() : climb == null ? null : climb.loss();
        if (device == null) {
            return new Totals(
                    computed != null ? computed.distanceMeters() : 0,
                    computed != null ? computed.movingSeconds() : TrackAnalysis.round1(timer),
                    TrackAnalysis.round1(span),
                    gain,
                    loss,
                    null,
                    computed);
        }
        return new Totals(
                first(device.distanceMeters(), computed != null ? computed.distanceMeters() : 0),
                first(device.timerSeconds(), computed != null ? computed.movingSeconds() : timer),
                first(device.elapsedSeconds(), span),
                device.ascentMeters() != null ? device.ascentMeters() : gain,
                device.descentMeters() != null ? device.descentMeters() : loss,
                device,
                computed);
    }

    /** The difficulty of these numbers (the one scale of activities and routes). */
    public Difficulty difficulty() {
        return Difficulty.of(distanceMeters, elevationGainMeters == null ? 0 : elevationGainMeters);
    }

    private static double first(@Nullable Double value, double otherwise) {
        return value != null ? value : otherwise;
    }
}
