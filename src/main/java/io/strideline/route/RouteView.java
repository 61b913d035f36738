package io.strideline.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.strideline.track.Difficulty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A saved route as the apps see it. {@code polyline} (the geometry) only on the single-route
 * answer; {@code distance_from_near_meters} only in a near search; {@code favorited_at} only in
 * the favourites list.
 */
@Schema(
        description = "A saved route. polyline only on GET /routes/{id} (and create and update answers), "
                + "distance_from_near_meters only in a near search, favorited_at only in the favourites list.")
record RouteView(
        @Schema(description = "The route's id.") UUID id,
        @Schema(description = "The person who saved it.") UUID ownerId,

        @Schema(description = "Whether it is mine.", example = "true")
        boolean mine,

        @Schema(description = "Its name, 1..100 characters.", example = "Alpspitze loop")
        String name,

        @Schema(description = "Its description, at most 2000 characters.", example = "Via the ferrata") @Nullable
        String description,

        @Schema(description = "Whether everyone may see and find it.", example = "true") @JsonProperty("is_public")
        boolean isPublic,

        @Schema(
                description = "How hard it is: given, else the activity's for a route from an activity, else "
                        + "from distance and climbing (" + Difficulty.SCALE + ").",
                example = "hard")
        Difficulty difficulty,

        @Schema(
                description = "Where its points came from: points sent as JSON, an uploaded file (gpx: a GPX, TCX "
                        + "or FIT file) or an activity.",
                example = "points")
        RouteSource source,

        @Schema(
                description = "Length in metres: geodesic (WGS84) along the points, or the activity's distance for "
                        + "a route from an activity.",
                example = "8450.3")
        double distanceMeters,

        @Schema(
                description = "Climbing in metres (0 without elevations): from the points, or the activity's.",
                example = "910.0")
        double elevationGainMeters,

        @Schema(
                description = "Descent in metres (0 without elevations): from the points, or the activity's.",
                example = "905.5")
        double elevationLossMeters,

        @Schema(description = "Estimated walking time in seconds (Naismith's rule).", example = "12500")
        int estimatedDurationSeconds,

        @Schema(description = "Latitude of the first point in degrees.", example = "47.421")
        double startLat,

        @Schema(description = "Longitude of the first point in degrees.", example = "10.9849")
        double startLon,

        @Schema(description = "Number of points stored.", example = "1204")
        int pointCount,

        @Schema(description = "Whether it is one of my favourites.", example = "false")
        boolean favorite,

        @Schema(description = "When I favourited it; only in GET /routes/favorites.") @Nullable
        Instant favoritedAt,

        @Schema(
                description = "Great-circle distance in metres from the near point to the start, rounded to "
                        + "100 m; only in a near search.",
                example = "1300.0")
        @Nullable
        Double distanceFromNearMeters,

        @Schema(description = "When it was saved.", example = "2026-03-01T09:00:00Z")
        Instant createdAt,

        @Schema(description = "Last change.", example = "2026-03-01T09:00:00Z")
        Instant updatedAt,

        @Schema(
                description = "The geometry as a Google encoded polyline (precision 5); only on the "
                        + "single-route answers.",
                example = "_p~iF~ps|U_ulLnnqC_mqNvxq`@")
        @Nullable
        String polyline) {

    /** With the start at the first of these points (a geometry cut by privacy zones). */
    RouteView withStartOf(Geometry g) {
        if (g.size() == 0 || (g.lat()[0] == startLat && g.lon()[0] == startLon)) {
            return this;
        }
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
                g.lat()[0],
                g.lon()[0],
                pointCount,
                favorite,
                favoritedAt,
                distanceFromNearMeters,
                createdAt,
                updatedAt,
                polyline);
    }

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
