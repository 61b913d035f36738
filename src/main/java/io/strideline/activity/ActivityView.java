package io.strideline.activity;

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
record ActivityView(
        UUID id,
        String type,
        @Nullable String title,
        @Nullable String notes,
        Instant startedAt,
        Instant endedAt,
        int durationSeconds,
        double distanceMeters,
        @Nullable Double avgSpeedKmh,
        @Nullable Double maxSpeedKmh,
        @Nullable Double avgPaceSecondsPerKm,
        @Nullable Integer steps,
        @Nullable Integer calories,
        @Nullable Integer avgHeartRate,
        @Nullable JsonNode aiMetrics,
        @Nullable UUID deviceId,
        @Nullable UUID clientId,
        boolean hasTrack,
        Instant receivedAt,
        Instant updatedAt,
        @Nullable Streams streams,
        String visibility,
        @Nullable JsonNode weather,
        @Nullable List<WorkoutExercise> exercises,
        @Nullable JsonNode analysis) {

    /** One exercise of a workout, with its sets in order. */
    record WorkoutExercise(UUID exerciseId, String name, String category, List<WorkoutSet> sets) {}

    record WorkoutSet(
            @Nullable Integer reps,
            @Nullable Double weightKg,
            @Nullable Integer durationSeconds,
            @Nullable Double distanceMeters,
            @Nullable Integer restSeconds) {}

    record Streams(
            Object t,
            Object lat,
            Object lon,
            @Nullable Object ele,
            @Nullable Object hr,
            @Nullable Object cad) {}

    ActivityView withStreams(@Nullable Streams s) {
        return copy(s, exercises);
    }

    ActivityView withExercises(List<WorkoutExercise> list) {
        return copy(streams, list);
    }

    private ActivityView copy(@Nullable Streams s, @Nullable List<WorkoutExercise> list) {
        return new ActivityView(
                id,
                type,
                title,
                notes,
                startedAt,
                endedAt,
                durationSeconds,
                distanceMeters,
                avgSpeedKmh,
                maxSpeedKmh,
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
                weather,
                list,
                analysis);
    }
}
