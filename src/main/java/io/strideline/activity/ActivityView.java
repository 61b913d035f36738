package io.strideline.activity;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An activity as the apps see it. {@code streams} only with {@code ?include=streams};
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
        @Nullable JsonNode analysis) {

    record Streams(
            Object t,
            Object lat,
            Object lon,
            @Nullable Object ele,
            @Nullable Object hr,
            @Nullable Object cad) {}

    ActivityView withStreams(@Nullable Streams s) {
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
                analysis);
    }
}
