package io.strideline.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A saved route as the apps see it. {@code polyline} (the geometry) only on the single-route
 * answer; {@code distance_from_near_meters} only in a near search; {@code favorited_at} only in
 * the favourites list.
 */
record RouteView(
        UUID id,
        UUID ownerId,
        boolean mine,
        String name,
        @Nullable String description,
        @JsonProperty("is_public") boolean isPublic,
        String difficulty,
        String source,
        double distanceMeters,
        double elevationGainMeters,
        double elevationLossMeters,
        int estimatedDurationSeconds,
        double startLat,
        double startLon,
        int pointCount,
        boolean favorite,
        @Nullable Instant favoritedAt,
        @Nullable Double distanceFromNearMeters,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String polyline) {

    RouteView withPolyline(String encoded) {
        return new RouteView(
                id,
                ownerId,
                mine,
                name,
                description,
                isPublic,
                difficulty,
                source,
                distanceMeters,
                elevationGainMeters,
                elevationLossMeters,
                estimatedDurationSeconds,
                startLat,
                startLon,
                pointCount,
                favorite,
                favoritedAt,
                distanceFromNearMeters,
                createdAt,
                updatedAt,
                encoded);
    }
}
