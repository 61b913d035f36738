package io.strideline.activity;

import io.strideline.identity.Visibility;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An activity a person logs by hand ({@code POST /activities}). Field names are the JSON ones. */
@Schema(
        description = "An activity logged by hand: any type, a workout with its exercises and sets, optionally a "
                + "GPS track and the weather.",
        example = """
                {"client_id": "5f0c6b1e-8a53-4a8e-9d3c-2b7f1e0a9c44", "type": "run", "name": "Evening loop",
                 "started_at": "2026-03-01T18:00:00Z", "duration_seconds": 1800, "distance_meters": 5000,
                 "notes": "Windy", "visibility": "friends"}""")
record ManualActivity(
        @Schema(
                description = "My own id of this activity (a UUID): sending it again answers 200 with the "
                        + "stored activity instead of storing it twice. Optional.",
                example = "5f0c6b1e-8a53-4a8e-9d3c-2b7f1e0a9c44")
        @Nullable
        UUID clientId,

        @Schema(description = "Kind of activity.", example = "run", requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        ActivityType type,

        @Schema(description = "Title, at most 200 characters; the activity's title.", example = "Evening loop")
        @Nullable
        String name,

        @Schema(
                description = "Start, ISO-8601 with offset; after 2000-01-01, at most 5 minutes in the future.",
                example = "2026-03-01T18:00:00Z",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @Nullable
        Instant startedAt,

        @Schema(
                description = "End, after started_at, at most 7 days later. ended_at or duration_seconds is "
                        + "required; without it, started_at + duration_seconds.",
                example = "2026-03-01T18:30:00Z")
        @Nullable
        Instant endedAt,

        @Schema(
                description = "Duration in seconds, 0..604800, at most ended_at - started_at. ended_at or "
                        + "duration_seconds is required; without it, ended_at - started_at.",
                example = "1800")
        @Nullable
        Integer durationSeconds,

        @Schema(
                description = "Distance in metres, 0..1,000,000 (default 0); the average speed it implies must "
                        + "be plausible for the type (e.g. at most 25 km/h for a run).",
                example = "5000")
        @Nullable
        Double distanceMeters,

        @Schema(description = "Free-text notes, at most 5000 characters.", example = "Windy") @Nullable
        String notes,

        @Schema(
                description = "Who may see it; default my default_visibility (private unless set).",
                example = "friends")
        @Nullable
        Visibility visibility,

        @Schema(
                description = "Who sees the map (track, start, end); not wider than visibility (422). Default my "
                        + "default_map_visibility, narrowed to visibility.",
                example = "friends")
        @Nullable
        Visibility mapVisibility,

        @Schema(
                description = "Who sees the heart rate; not wider than visibility (422). Default my "
                        + "default_heart_rate_visibility, narrowed to visibility.",
                example = "private")
        @Nullable
        Visibility heartRateVisibility,

        @Schema(description = "A GPS track, shaped as for device runs; adds streams and the route analysis.")
        RunUpload.@Nullable Track track,

        @Schema(description = "Weather, any JSON object of at most 4096 bytes; returned as sent.") @Nullable
        JsonNode weather,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description = "Only for type workout: its exercises in order, at most 50 "
                                        + "(of at most 100 sets each)."))
        @Nullable
        List<Exercise> exercises) {

    static final int MAX_WEATHER_BYTES = 4096;
    static final int MAX_EXERCISES = 50;
    static final int MAX_SETS = 100;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_DURATION = 7 * 24 * 3600;

    @Schema(description = "One exercise of a workout logged by hand.")
    record Exercise(
            @Schema(
                    description = "An exercise of the catalogue or one of mine (GET /exercises).",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            UUID exerciseId,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Its sets in order, 1 to 100.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    minItems = 1,
                    maxItems = MAX_SETS)
            @Nullable
            List<ExerciseSet> sets) {}

    @Schema(description = "One set: at least one of reps, duration_seconds and distance_meters.")
    record ExerciseSet(
            @Schema(description = "Repetitions, 0..10000.", example = "8") @Nullable
            Integer reps,

            @Schema(description = "Weight in kg, 0..1000.", example = "60") @Nullable
            Double weightKg,

            @Schema(description = "Duration in seconds, 0..86400.", example = "45") @Nullable
            Integer durationSeconds,

            @Schema(description = "Distance in metres, 0..100000.", example = "500") @Nullable
            Double distanceMeters,

            @Schema(description = "Rest after the set in seconds, 0..86400.", example = "90") @Nullable
            Integer restSeconds) {}

    /** Ended_at when only the duration was sent. */
    Instant end() {
        return endedAt != null
                ? endedAt
                : Objects.requireNonNull(startedAt, "checked by the validation above")
                        .plusSeconds(Objects.requireNonNull(durationSeconds, "checked by the validation above"));
    }

    /** Duration when only ended_at was sent. */
    int duration() {
        return durationSeconds != null
                ? durationSeconds
                : (int) Duration.between(startedAt, endedAt).toSeconds();
    }

    /** Every problem of this activity, named by JSON field; {@code weatherBytes} is its JSON size. */
    Validation validate(Instant now, int weatherBytes) {
        var v = new Validation();
        v.check(type != null, "type", "is required");
        v.check(name == null || name.length() <= 200, "name", "must have at most 200 characters");
        v.check(notes == null || notes.length() <= 5000, "notes", "must have at most 5000 characters");
        Instant latest = now.plus(RunUpload.MAX_CLOCK_SKEW);
        v.check(startedAt != null, "started_at", "is required");
        if (startedAt != null) {
            v.check(!startedAt.isBefore(EARLIEST), "started_at", "must be after 2000-01-01");
            v.check(!startedAt.isAfter(latest), "started_at", "is in the future");
        }
        v.check(endedAt != null || durationSeconds != null, "ended_at", "ended_at or duration_seconds is required");
        if (durationSeconds != null) {
            v.check(
                    durationSeconds >= 0 && durationSeconds <= MAX_DURATION,
                    "duration_seconds",
                    "must be between 0 and " + MAX_DURATION);
        }
        if (endedAt != null && startedAt != null && !v.has("started_at")) {
            v.check(endedAt.isAfter(startedAt), "ended_at", "must be after started_at");
            v.check(!endedAt.isAfter(latest), "ended_at", "is in the future");
            v.check(
                    Duration.between(startedAt, endedAt).toSeconds() <= MAX_DURATION,
                    "ended_at",
                    "an activity lasts at most 7 days");
            if (durationSeconds != null && !v.has("duration_seconds")) {
                v.check(
                        durationSeconds <= Duration.between(startedAt, endedAt).toSeconds() + 1,
                        "duration_seconds",
                        "must not exceed the time between started_at and ended_at");
            }
        } else if (endedAt == null && startedAt != null && durationSeconds != null && !v.has("duration_seconds")) {
            v.check(!startedAt.plusSeconds(durationSeconds).isAfter(latest), "duration_seconds", "ends in the future");
        }
        if (distanceMeters != null) {
            v.check(
                    Double.isFinite(distanceMeters) && distanceMeters >= 0 && distanceMeters <= 1_000_000,
                    "distance_meters",
                    "must be between 0 and 1000000");
            if (!v.has("distance_meters") && distanceMeters > 0 && !v.has("type") && !v.has("duration_seconds")) {
                int seconds = startedAt == null || (durationSeconds == null && endedAt == null)
                        ? -1
                        : durationSeconds != null
                                ? durationSeconds
                                : (int) Duration.between(startedAt, endedAt).toSeconds();
                var known = Objects.requireNonNull(type, "checked by the validation above");
                // the same limit XP flags above (ActivityType.maxPlausibleKmh): a marathon logged as 42 km
                // in 42 seconds is a typo, and faster-than-human data never reaches the ledger by hand
                double max = known.maxPlausibleKmh();
                v.check(
                        seconds != 0 && (seconds < 0 || distanceMeters / seconds * 3.6 <= max),
                        "distance_meters",
                        "implies an average speed over " + (int) max + " km/h for a " + known.wire());
            }
        }
        if (track != null) {
            RunUpload.validateTrack(v, track);
        }
        if (weather != null && !weather.isNull()) {
            v.check(weather.isObject(), "weather", "must be a JSON object");
            v.check(weatherBytes <= MAX_WEATHER_BYTES, "weather", "must be at most 4096 bytes of JSON");
        }
        if (exercises != null) {
            v.check(type == null || type == ActivityType.WORKOUT, "exercises", "only a workout has exercises");
            v.check(exercises.size() <= MAX_EXERCISES, "exercises", "at most " + MAX_EXERCISES + " exercises");
            for (int i = 0; i < Math.min(exercises.size(), MAX_EXERCISES); i++) {
                validateExercise(v, exercises.get(i), "exercises[" + i + "]");
            }
        }
        return v;
    }

    private static void validateExercise(Validation v, @Nullable Exercise exercise, String at) {
        if (exercise == null) {
            v.check(false, at, "must be an object");
            return;
        }
        v.check(exercise.exerciseId() != null, at + ".exercise_id", "is required");
        var sets = exercise.sets();
        v.check(sets != null && !sets.isEmpty(), at + ".sets", "must hold 1 to " + MAX_SETS + " sets");
        if (sets == null) {
            return;
        }
        v.check(sets.size() <= MAX_SETS, at + ".sets", "at most " + MAX_SETS + " sets");
        for (int j = 0; j < Math.min(sets.size(), MAX_SETS); j++) {
            String s = at + ".sets[" + j + "]";
            var set = sets.get(j);
            if (set == null) {
                v.check(false, s, "must be an object");
                continue;
            }
            v.check(
                    set.reps() != null || set.durationSeconds() != null || set.distanceMeters() != null,
                    s,
                    "needs reps, duration_seconds or distance_meters");
            v.check(set.reps() == null || (set.reps() >= 0 && set.reps() <= 10_000), s + ".reps", "must be 0 to 10000");
            range(v, set.weightKg(), s + ".weight_kg", 1000);
            v.check(
                    set.durationSeconds() == null || (set.durationSeconds() >= 0 && set.durationSeconds() <= 86_400),
                    s + ".duration_seconds",
                    "must be 0 to 86400");
            range(v, set.distanceMeters(), s + ".distance_meters", 100_000);
            v.check(
                    set.restSeconds() == null || (set.restSeconds() >= 0 && set.restSeconds() <= 86_400),
                    s + ".rest_seconds",
                    "must be 0 to 86400");
        }
    }

    private static void range(Validation v, @Nullable Double value, String field, double max) {
        v.check(
                value == null || (Double.isFinite(value) && value >= 0 && value <= max),
                field,
                "must be a number from 0 to " + (long) max);
    }
}
