package io.strideline.activity;

import io.strideline.identity.Visibility;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An activity as the apps see it. {@code streams} only with {@code ?include=streams};
 * {@code exercises} only in the detail of a workout.
 * {@code analysis} (TrackAnalysis) for activities with a track.
 */
@Schema(
        description = "An activity of mine: a run from a device, an imported file or one logged by hand. streams "
                + "only with ?include=streams, exercises only in the detail of a workout, analysis only for "
                + "activities with a GPS track.")
public record ActivityView(
        @Schema(description = "The activity's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
        UUID id,

        @Schema(description = "Whose activity it is.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
        UUID userId,

        @Schema(description = "Kind of activity.", example = "run")
        ActivityType type,

        @Schema(
                description = "Title (from the device, the file or the person), at most 200 characters.",
                example = "Morning run")
        @Nullable
        String title,

        @Schema(description = "Free-text notes, at most 5000 characters.", example = "Felt easy.") @Nullable
        String notes,

        @Schema(description = "Start, ISO-8601.", example = "2026-03-01T07:00:00Z")
        Instant startedAt,

        @Schema(description = "End, ISO-8601.", example = "2026-03-01T07:30:00Z")
        Instant endedAt,

        @Schema(description = "Duration in seconds (may be less than ended_at - started_at: pauses).", example = "1800")
        int durationSeconds,

        @Schema(description = "Distance in metres.", example = "5000.0")
        double distanceMeters,

        @Schema(
                description = "Average speed in km/h, as reported or computed from distance and duration.",
                example = "10.0")
        @Nullable
        Double avgSpeedKmh,

        @Schema(description = "Maximum speed in km/h, when the device reported it.", example = "14.2") @Nullable
        Double maxSpeedKmh,

        @Schema(
                description = "Elevation gain in metres: the device's (barometric) ascent where its file stated one, "
                        + "else computed from the track (docs/analysis.md); null without elevations.",
                example = "514.0")
        @Nullable
        Double elevationGainMeters,

        @Schema(
                description = "Average pace in seconds per km (duration / distance); null for a distance of 0.",
                example = "360.0")
        @Nullable
        Double avgPaceSecondsPerKm,

        @Schema(description = "Steps counted during the activity.", example = "5200") @Nullable
        Integer steps,

        @Schema(description = "Energy in kcal.", example = "320") @Nullable
        Integer calories,

        @Schema(description = "Average heart rate in beats per minute.", example = "148") @Nullable
        Integer avgHeartRate,

        @Schema(
                description = "What the device's vision model reported during a run, as uploaded.",
                implementation = RunUpload.AiMetrics.class)
        @Nullable
        JsonNode aiMetrics,

        @Schema(
                description = "The device that uploaded it; null for imports, activities logged by hand and other "
                        + "people's activities.")
        @Nullable
        UUID deviceId,

        @Schema(
                description = "The uploader's own id of it (client_id of the upload), if one was sent; null on "
                        + "other people's activities.")
        @Nullable
        UUID clientId,

        @Schema(
                description = "Whether a GPS track is stored (a map, GPX export); false for an activity without "
                        + "positions such as a pool swim or an indoor ride, whose streams (time, heart rate, power) "
                        + "may still be stored.",
                example = "true")
        boolean hasTrack,

        @Schema(description = "When the server stored it.", example = "2026-03-01T07:31:02Z")
        Instant receivedAt,

        @Schema(description = "Last change of title, notes or visibility.", example = "2026-03-01T07:31:02Z")
        Instant updatedAt,

        @Schema(description = "The recorded streams; only with ?include=streams on GET /activities/{id}, when stored.")
        @Nullable
        Streams streams,

        @Schema(description = "Who may see it.", example = "private")
        Visibility visibility,

        @Schema(
                description = "Who may see its map: the track (lat, lon in streams) and so its start and end; "
                        + "never wider than visibility. Others who may not see it get no positions and "
                        + "has_track false.",
                example = "friends")
        Visibility mapVisibility,

        @Schema(
                description = "Who may see its heart rate (avg_heart_rate, streams.hr, the device summary's); never "
                        + "wider than visibility.",
                example = "private")
        Visibility heartRateVisibility,

        @Schema(description = "Weather as the client sent it with an activity logged by hand (a JSON object).")
        @Nullable
        JsonNode weather,

        @Schema(description = "The exercises of a workout, in order; only on GET /activities/{id} of a workout.")
        @Nullable
        List<WorkoutExercise> exercises,

        @Schema(
                description = "What distance, duration and climb rest on: the device's summary and the analysis "
                        + "of the points (splits, moving time, difficulty), and a multisport activity's legs; null "
                        + "for activities logged without a track.",
                implementation = ActivityAnalysis.class)
        @Nullable
        JsonNode analysis,

        @Schema(
                description = "The id of an earlier-received activity of mine that this one overlaps in time by more "
                        + "than half of its own span (started_at to ended_at): a likely duplicate (the same run "
                        + "sent twice, from two devices, or typed in after it was recorded). It is stored and "
                        + "shown to me and counts in my statistics, but earns no XP and counts for no badge, "
                        + "challenge or leaderboard. PATCH it to null to say it is not a duplicate (it then "
                        + "counts like any activity); deleting the activity it points at clears it too. Null "
                        + "otherwise and on other people's activities.",
                example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
        @Nullable
        UUID duplicateOf,

        @Schema(
                description = "Likes (kudos) and comments as I see them, from the stored counts: in the answers of "
                        + "the /activities endpoints (GET /activities/{id}, GET /activities, GET "
                        + "/users/{user_id}/activities, POST, PATCH, imports and device runs) and of the feed and "
                        + "posts; null in live events.")
        @Nullable
        Engagement engagement) {

    /** One exercise of a workout, with its sets in order. */
    @Schema(description = "One exercise of a workout, with its sets in order.")
    record WorkoutExercise(
            @Schema(description = "The exercise in the catalogue (GET /exercises).")
            UUID exerciseId,

            @Schema(description = "Its name in the catalogue.", example = "Back squat")
            String name,

            @Schema(description = "Its category.", example = "strength")
            ExerciseCategory category,

            @Schema(description = "The sets, in the order done.")
            List<WorkoutSet> sets) {}

    @Schema(description = "One set of an exercise, as logged.")
    record WorkoutSet(
            @Schema(description = "Repetitions.", example = "8") @Nullable
            Integer reps,

            @Schema(description = "Weight in kg.", example = "60.0") @Nullable
            Double weightKg,

            @Schema(description = "Duration in seconds (planks, intervals).", example = "45") @Nullable
            Integer durationSeconds,

            @Schema(description = "Distance in metres (rowing, carries).", example = "500.0") @Nullable
            Double distanceMeters,

            @Schema(description = "Rest after the set in seconds.", example = "90") @Nullable
            Integer restSeconds) {}

    @Schema(
            description = "The recording as parallel arrays, one entry per point: t[i], lat[i], lon[i] (and ele[i], "
                    + "hr[i], cad[i], power[i], speed[i], temp[i] when recorded) belong to the same point. A channel "
                    + "that was not recorded is null; lat and lon are null for an activity without positions.")
    public record Streams(
            @ArraySchema(
                    arraySchema = @Schema(description = "Seconds since the activity's start (started_at), ascending."),
                    schema = @Schema(types = "number", format = "double", example = "0.0"))
            Number[] t,

            @ArraySchema(
                    arraySchema = @Schema(description = "Latitudes in degrees (WGS84), -90..90."),
                    schema = @Schema(types = "number", format = "double", example = "48.137"))
            Number @Nullable [] lat,

            @ArraySchema(
                    arraySchema = @Schema(description = "Longitudes in degrees (WGS84), -180..180."),
                    schema = @Schema(types = "number", format = "double", example = "11.575"))
            Number @Nullable [] lon,

            @ArraySchema(
                    arraySchema = @Schema(description = "Elevations in metres above sea level."),
                    schema = @Schema(types = "number", format = "float", example = "519.5"))
            Number @Nullable [] ele,

            @ArraySchema(
                    arraySchema = @Schema(description = "Heart rate in beats per minute."),
                    schema = @Schema(types = "integer", example = "142"))
            Number @Nullable [] hr,

            @ArraySchema(
                    arraySchema = @Schema(description = "Cadence in steps (or revolutions) per minute, as recorded."),
                    schema = @Schema(types = "integer", example = "170"))
            Number @Nullable [] cad,

            @ArraySchema(
                    arraySchema = @Schema(description = "Power in watts."),
                    schema = @Schema(types = "integer", example = "215"))
            Number @Nullable [] power,

            @ArraySchema(
                    arraySchema = @Schema(description = "Speed in metres per second, as the device measured it."),
                    schema = @Schema(types = "number", format = "float", example = "8.4"))
            Number @Nullable [] speed,

            @ArraySchema(
                    arraySchema = @Schema(description = "Temperature in degrees Celsius."),
                    schema = @Schema(types = "number", format = "float", example = "21.0"))
            Number @Nullable [] temp,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description =
                                            "Indices of the points that begin a new part of the recording (after a "
                                                    + "pause or a GPS segment gap): nothing is counted from the point before."),
                    schema = @Schema(types = "integer", example = "1200"))
            Number[] breaks) {}

    ActivityView withStreams(@Nullable Streams s) {
        return copy(s, exercises, engagement);
    }

    ActivityView withExercises(List<WorkoutExercise> list) {
        return copy(streams, list, engagement);
    }

    /** Public for the social module, which renders feeds and posts with the counts it stores. */
    public ActivityView withEngagement(Engagement e) {
        return copy(streams, exercises, e);
    }

    private ActivityView copy(@Nullable Streams s, @Nullable List<WorkoutExercise> list, @Nullable Engagement e) {
        return new ActivityView(
                id,
                userId,
                type,
                title,
                notes,
                startedAt,
                endedAt,
                durationSeconds,
                distanceMeters,
                avgSpeedKmh,
                maxSpeedKmh,
                elevationGainMeters,
                avgPaceSecondsPerKm,
                steps,
                calories,
                avgHeartRate,
                aiMetrics,
                deviceId,
                clientId,
                hasTrack,
                receivedAt,
                updatedAt,
                s,
                visibility,
                mapVisibility,
                heartRateVisibility,
                weather,
                list,
                analysis,
                duplicateOf,
                e);
    }
}
