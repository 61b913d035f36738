package io.strideline.activity;

import io.strideline.platform.WireEnum;
import io.strideline.track.DeviceSummary;
import io.strideline.track.Difficulty;
import io.strideline.track.Totals;
import io.strideline.track.TrackAnalysis;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an activity's numbers rest on: the device's own summary where the file or upload had one,
 * the analysis of the points beside it, and for a multisport recording its legs. Stored as
 * jsonb with the activity; the activity's distance, duration and elevation gain are the chosen
 * ones.
 */
@Schema(
        name = "ActivityAnalysis",
        description = "What the activity's distance, duration and climb rest on: the device's own summary where "
                + "it stated one (FIT session, TCX laps, a device upload), else the analysis of the points; both "
                + "are kept. See docs/analysis.md for the method and its measured errors.")
record ActivityAnalysis(
        @Schema(
                description = "Where distance_meters, duration_seconds and elevation_gain_meters of the activity "
                        + "come from: the device's summary, or computed from the points (each value falls back "
                        + "to the computed one where the device stated none).",
                example = "device")
        Source source,

        @Schema(description = "From effort_km: easy below 10, moderate below 25, else hard.", example = "moderate")
        Difficulty difficulty,

        @Schema(description = "Effort kilometres: distance in km + elevation gain in m / 100.", example = "12.4")
        double effortKm,

        @Schema(description = "What the device stated; null when the file had no summary.") @Nullable
        DeviceSummary device,

        @Schema(
                description = "What the points say; null for an activity without positions.",
                implementation = TrackAnalysis.Analysis.class)
        TrackAnalysis.@Nullable Analysis computed,

        @Schema(description = "The legs of a multisport activity in order (swim, transition, bike …); null otherwise.")
        @Nullable
        List<Leg> legs) {

    /** Where the activity's numbers come from. */
    enum Source implements WireEnum {
        DEVICE,
        COMPUTED
    }

    /** One leg of a multisport activity. */
    @Schema(name = "ActivityLeg", description = "One leg of a multisport activity.")
    record Leg(
            @Schema(description = "Its sport.", example = "ride")
            ActivityType type,

            @Schema(description = "Its start, ISO-8601.", example = "2018-05-27T08:09:01Z") @Nullable
            Instant startedAt,

            @Schema(description = "Timer time in seconds (the device's, else computed).", example = "4422.1")
            double durationSeconds,

            @Schema(description = "Distance in metres (the device's, else computed).", example = "40909.4")
            double distanceMeters,

            @Schema(description = "Elevation gain in metres; null without elevations.", example = "30.0") @Nullable
            Double elevationGainMeters,

            @Schema(description = "Index of its first point in the streams.", example = "76")
            int firstPoint,

            @Schema(description = "Index after its last point in the streams.", example = "930")
            int endPoint,

            @Schema(description = "What the device stated for this leg; null without a summary.") @Nullable
            DeviceSummary device) {}

    static ActivityAnalysis of(Totals totals, @Nullable List<Leg> legs) {
        double gain = totals.elevationGainMeters() == null ? 0 : totals.elevationGainMeters();
        return new ActivityAnalysis(
                totals.device() != null ? Source.DEVICE : Source.COMPUTED,
                totals.difficulty(),
                Math.round(Difficulty.effortKm(totals.distanceMeters(), gain) * 10) / 10.0,
                totals.device(),
                totals.computed(),
                legs);
    }
}
