package io.strideline.activity;

import io.strideline.platform.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An activity a person logs by hand ({@code POST /activities}). Field names are the JSON ones. */
record ManualActivity(
        @Nullable UUID clientId,
        @Nullable String type,
        @Nullable String name,
        @Nullable Instant startedAt,
        @Nullable Instant endedAt,
        @Nullable Integer durationSeconds,
        @Nullable Double distanceMeters,
        @Nullable String notes,
        @Nullable String visibility,
        RunUpload.@Nullable Track track,
        @Nullable JsonNode weather,
        @Nullable List<Exercise> exercises) {

    static final int MAX_WEATHER_BYTES = 4096;
    static final int MAX_EXERCISES = 50;
    static final int MAX_SETS = 100;
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_DURATION = 7 * 24 * 3600;

    /**
     * Highest plausible average speed per type in km/h: anything faster is a typo in distance or
     * duration (a marathon logged as 42 km in 42 seconds), not an achievement.
     */
    private static final Map<String, Double> MAX_AVG_SPEED_KMH = Map.of(
            "run", 30.0, "walk", 15.0, "hike", 15.0, "swim", 10.0, "ride", 100.0, "workout", 100.0, "other", 200.0);

    record Exercise(@Nullable UUID exerciseId, @Nullable List<ExerciseSet> sets) {}

    record ExerciseSet(
            @Nullable Integer reps,
            @Nullable Double weightKg,
            @Nullable Integer durationSeconds,
            @Nullable Double distanceMeters,
            @Nullable Integer restSeconds) {}

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
        v.check(
                type != null && ActivityService.TYPES.contains(type),
                "type",
                "must be one of hike, other, ride, run, swim, walk, workout");
        v.check(name == null || name.length() <= 200, "name", "must have at most 200 characters");
        v.check(notes == null || notes.length() <= 5000, "notes", "must have at most 5000 characters");
        v.check(
                visibility == null || ActivityService.VISIBILITIES.contains(visibility),
                "visibility",
                "must be private, friends or public");
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
                double max = Objects.requireNonNull(MAX_AVG_SPEED_KMH.get(type), "type is one of the known types");
                v.check(
                        seconds != 0 && (seconds < 0 || distanceMeters / seconds * 3.6 <= max),
                        "distance_meters",
                        "implies an average speed over " + (int) max + " km/h for a " + type);
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
            v.check(type == null || "workout".equals(type), "exercises", "only a workout has exercises");
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
