package io.strideline.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.strideline.activity.ActivityTracks;
import io.strideline.identity.Privacy;
import io.strideline.identity.Privacy.PrivacyZone;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.track.Difficulty;
import io.strideline.track.Geodesy;
import io.strideline.track.Recording;
import io.strideline.track.TrackFiles;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class RouteService {

    static final int MIN_POINTS = 2;
    /** The most points a route stores: its shape, not every fix of a recording. */
    static final int MAX_POINTS = 50_000;

    static final double MIN_ELE = -500;
    static final double MAX_ELE = 9000;
    /** A route file as uploaded. */
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    /** A gzipped route file inflated (GPX packs about tenfold); a small zip bomb must not fill memory. */
    static final long MAX_INFLATED_BYTES = 100L * 1024 * 1024;
    /**
     * The most points a route file may hold: about what an activity import takes (a week at one
     * point every 2 s). A recording at 1 Hz easily has more than {@link #MAX_POINTS}; it is read
     * whole, measured whole and then thinned evenly, like the track of an activity.
     */
    static final int MAX_FILE_POINTS = 300_000;

    static final int MAX_NAME = 100;
    static final int MAX_DESCRIPTION = 2000;
    static final double DEFAULT_RADIUS_KM = 50;
    static final double MAX_RADIUS_KM = 500;

    /** The fields every route has, whatever its points came from. */
    record Details(
            @Nullable String name,
            @Nullable String description,
            @JsonProperty("is_public") @Nullable Boolean isPublic,
            @Nullable Difficulty difficulty) {}

    @Schema(description = "One point of a route.")
    record PointIn(
            @Schema(
                    description = "Latitude in degrees (WGS84), -90..90.",
                    example = "47.4210",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Double lat,

            @Schema(
                    description = "Longitude in degrees (WGS84), -180..180.",
                    example = "10.9849",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Double lon,

            @Schema(description = "Elevation in metres, -500..9000; optional.", example = "1720.0") @Nullable
            Double ele) {}

    /** A JSON creation: either {@code points} or {@code activity_id}. */
    @Schema(
            description = "A route from points or from one of my activities (exactly one of points and "
                    + "activity_id). As the body of PATCH /routes/{id}: only name, description, is_public and "
                    + "difficulty, each optional.",
            example = """
                    {"name": "Alpspitze loop", "description": "Via the ferrata", "is_public": true, \
                    "difficulty": "hard", "points": [{"lat": 47.4210, "lon": 10.9849, "ele": 1720.0}, \
                    {"lat": 47.4100, "lon": 11.0400, "ele": 2628.0}]}""")
    record CreateRoute(
            @Schema(description = "Name, 1..100 characters (required when creating).", example = "Alpspitze loop")
            @Nullable
            String name,

            @Schema(
                    description = "Description, at most 2000 characters; in PATCH an empty one removes it.",
                    example = "Via the ferrata")
            @Nullable
            String description,

            @Schema(description = "Whether everyone may see and find it; default false.", example = "true")
            @JsonProperty("is_public")
            @Nullable
            Boolean isPublic,

            @Schema(
                    description = "Difficulty; default the activity's for a route from an activity, else derived "
                            + "from distance and climbing (" + Difficulty.SCALE + ").",
                    example = "hard")
            @Nullable
            Difficulty difficulty,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description =
                                            "The points in order, 2..50,000; not with activity_id. " + "Not in PATCH."),
                    minItems = 2,
                    maxItems = 50_000)
            @Nullable
            List<@Nullable PointIn> points,

            @Schema(
                    description = "One of my activities with a GPS track, instead of points (thinned evenly "
                            + "to 50,000 points); the route takes the activity's distance, climb and difficulty. "
                            + "Not in PATCH.")
            @Nullable
            UUID activityId) {

        Details details() {
            return new Details(name, description, isPublic, difficulty);
        }
    }

    /** Too many bad points would make an answer as large as the request; the first ones suffice. */
    private static final int MAX_POINT_PROBLEMS = 20;

    private final RouteRepository routes;
    private final ActivityTracks tracks;
    private final ApplicationEventPublisher events;
    private final Privacy privacy;

    RouteService(RouteRepository routes, ActivityTracks tracks, ApplicationEventPublisher events, Privacy privacy) {
        this.routes = routes;
        this.tracks = tracks;
        this.events = events;
        this.privacy = privacy;
    }

    @Transactional
    RouteView create(UUID user, CreateRoute request) {
        var v = new Validation();
        checkDetails(v, request.details(), true);
        boolean hasPoints = request.points() != null, hasActivity = request.activityId() != null;
        v.check(hasPoints || hasActivity, "points", "is required (or activity_id, or upload a GPX file as 'file')");
        v.check(!(hasPoints && hasActivity), "activity_id", "give either points or activity_id, not both");
        Geometry geometry = null;
        if (hasPoints && !hasActivity) {
            geometry = points(v, request.points());
        }
        v.throwIfInvalid();
        if (hasActivity) {
            var path = tracks.pathOf(user, Objects.requireNonNull(request.activityId(), "hasActivity"))
                    .orElseThrow(() -> ApiException.notFound("Activity with a GPS track"));
            if (path.lat().length < MIN_POINTS) {
                throw ApiException.invalid("activity_id", "has a track with fewer than 2 points");
            }
            // a long recording at 1 Hz may exceed the route limit; a route needs the shape, not every fix
            geometry = new Geometry(
                            path.lat(), path.lon(), path.ele() == null ? null : Geometry.elevationsOrNull(path.ele()))
                    .thinnedTo(MAX_POINTS);
            return insert(user, request.details(), RouteSource.ACTIVITY, RouteMetrics.of(path), geometry);
        }
        var points = Objects.requireNonNull(geometry, "checked above");
        return insert(user, request.details(), RouteSource.POINTS, RouteMetrics.of(points), points);
    }

    /**
     * A route from a GPX, TCX or FIT file (optionally gzipped), read by the track module like an
     * activity file: its track points (a GPX file without any: its route points), measured as an
     * activity of the file would be (no distance across segment gaps and pauses), then thinned to {@link #MAX_POINTS}. Times, heart rate and the like
     * are not kept: a route is where to go.
     */
    @Transactional
    RouteView createFromFile(UUID user, @Nullable String filename, long size, InputStream file, Details details)
            throws IOException {
        if (size > MAX_FILE_BYTES) {
            throw new ApiException(
                    HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "Route files may have at most 10 MB.");
        }
        byte[] content = TrackFiles.inflateIfGzip(file.readAllBytes(), MAX_INFLATED_BYTES);
        Recording recording = TrackFiles.read(content, MAX_FILE_POINTS);
        var track = recording.track();
        double[] lat = track.lat();
        double[] lon = track.lon();
        if (lat == null || lon == null || lat.length < MIN_POINTS) {
            // readable, but no line on a map: an indoor ride, a pool swim
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "invalid_file",
                    "The " + recording.format().name() + " file cannot be read as a route: it has fewer than 2 "
                            + "points with a position.");
        }
        // a name from the file is the file's, not the user's: shortened rather than refused
        String name = details.name() != null
                ? details.name()
                : firstNonBlank(
                        recording.name(),
                        filename == null ? null : filename.replaceFirst("(?i)\\.(gpx|tcx|fit)(\\.gz)?$", ""));
        String description = details.description() != null
                ? details.description()
                : truncate(recording.description(), MAX_DESCRIPTION);
        var effective = new Details(truncate(name, MAX_NAME), description, details.isPublic(), details.difficulty());
        var v = new Validation();
        checkDetails(v, effective, true);
        v.throwIfInvalid();
        var whole = new Geometry(lat, lon, track.ele());
        return insert(user, effective, RouteSource.GPX, RouteMetrics.of(track), whole.thinnedTo(MAX_POINTS));
    }

    private RouteView insert(UUID user, Details details, RouteSource source, RouteMetrics metrics, Geometry geometry) {
        UUID id = Ids.newId();
        routes.insert(new RouteRepository.NewRoute(
                id,
                user,
                java.util.Objects.requireNonNull(details.name()).strip(),
                blankToNull(details.description()),
                Boolean.TRUE.equals(details.isPublic()),
                details.difficulty() != null ? details.difficulty() : metrics.difficulty(),
                source,
                metrics,
                geometry));
        events.publishEvent(new RouteChanged(user, id, false));
        return get(user, id);
    }

    @Transactional(readOnly = true)
    RouteView get(UUID viewer, UUID id) {
        var route = routes.findVisible(viewer, id).orElseThrow(() -> ApiException.notFound("Route"));
        var g = asSeen(route, routes.geometry(id).orElseThrow(() -> ApiException.notFound("Route")));
        return route.withStartOf(g).withPolyline(Polyline.encode(g.lat(), g.lon()));
    }

    /**
     * Someone else's route without the points inside the areas hidden for its owner's privacy zones;
     * one with no point left is 404 like an unknown id, since any start shown for it would point
     * into the hidden area.
     */
    private Geometry asSeen(RouteView route, Geometry g) {
        if (route.mine()) {
            return g;
        }
        var seen = g.outside(privacy.hiddenAreas(route.id(), privacy.zones(route.ownerId())));
        if (seen.size() == 0) {
            throw ApiException.notFound("Route");
        }
        return seen;
    }

    /**
     * Other people's routes in a page, with the start moved out of the areas hidden for their
     * owners' privacy zones (and left out when no point is outside them): the zones of the page's
     * owners in one query, and the geometry only of routes that start in one such area. Applied
     * after paging, so that a route left out does not end the list early: a page may hold fewer
     * than {@code limit} items and still have a next one.
     */
    private Page<RouteView> asSeen(Page<RouteView> page) {
        var owners = page.items().stream()
                .filter(r -> !r.mine())
                .map(RouteView::ownerId)
                .distinct()
                .toList();
        var zones = privacy.zones(owners);
        if (zones.isEmpty()) {
            return page;
        }
        var shown = page.items().stream()
                .flatMap(r -> {
                    var hidden = hiddenAreas(r, zones);
                    if (hidden.stream().noneMatch(c -> c.contains(r.startLat(), r.startLon()))) {
                        return Stream.of(r);
                    }
                    var seen = routes.geometry(r.id()).map(g -> g.outside(hidden));
                    return seen.isEmpty() || seen.get().size() == 0
                            ? Stream.empty()
                            : Stream.of(r.withStartOf(seen.get()));
                })
                .toList();
        return new Page<>(shown, page.nextCursor());
    }

    /** What others do not see of this route: nothing of mine. */
    private List<Geodesy.Circle> hiddenAreas(RouteView r, Map<UUID, List<PrivacyZone>> zones) {
        return r.mine() ? List.of() : privacy.hiddenAreas(r.id(), zones.getOrDefault(r.ownerId(), List.of()));
    }

    /** The GPX 1.1 file and a file name for it. */
    record Export(String filename, byte[] gpx) {}

    @Transactional(readOnly = true)
    Export export(UUID viewer, UUID id) {
        var route = routes.findVisible(viewer, id).orElseThrow(() -> ApiException.notFound("Route"));
        var g = asSeen(route, routes.geometry(id).orElseThrow(() -> ApiException.notFound("Route")));
        String file = route.name().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return new Export(
                (file.isEmpty() ? "route" : file) + ".gpx",
                // one track without times or legs: the line, with the time it was saved as the file's
                TrackFiles.writeGpx(route.name(), route.description(), route.createdAt(), g.track(), List.of()));
    }

    @Transactional(readOnly = true)
    Page<RouteView> mine(UUID viewer, PageRequest page) {
        return Page.of(routes.mine(viewer, page), page.limit(), r -> PageRequest.cursor(r.createdAt(), r.id()));
    }

    @Transactional(readOnly = true)
    Page<RouteView> publicNewest(UUID viewer, PageRequest page) {
        return asSeen(Page.of(
                routes.publicNewest(viewer, page), page.limit(), r -> PageRequest.cursor(r.createdAt(), r.id())));
    }

    @Transactional(readOnly = true)
    Page<RouteView> favorites(UUID viewer, PageRequest page) {
        return asSeen(Page.of(
                routes.favorites(viewer, page),
                page.limit(),
                r -> PageRequest.cursor(java.util.Objects.requireNonNull(r.favoritedAt()), r.id())));
    }

    /** Public routes starting within {@code radiusKm} of {@code near} ("lat,lon"), nearest first. */
    @Transactional(readOnly = true)
    Page<RouteView> near(
            UUID viewer, String near, @Nullable Double radiusKm, @Nullable Integer limit, @Nullable String cursor) {
        var v = new Validation();
        double lat = Double.NaN, lon = Double.NaN;
        String[] parts = near.split(",", -1);
        if (parts.length == 2) {
            lat = parse(parts[0]);
            lon = parse(parts[1]);
        }
        v.check(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180, "near", "must be 'lat,lon' in degrees");
        double radius = radiusKm == null ? DEFAULT_RADIUS_KM : radiusKm;
        v.check(radius > 0 && radius <= MAX_RADIUS_KM, "radius_km", "must be above 0 and at most " + MAX_RADIUS_KM);
        v.throwIfInvalid();
        // the limit check of PageRequest; the cursor is of another kind here
        int size = PageRequest.of(limit, null).limit();
        var after = cursor == null || cursor.isBlank() ? null : decodeNear(cursor);
        double radiusM = radius * 1000;
        var box = box(lat, lon, radiusM);
        // a page's worth of routes others may find by distance; batches are skipped past the hidden ones
        var found = new ArrayList<RouteView>();
        while (found.size() <= size) {
            var rows = routes.near(viewer, lat, lon, radiusM, box, after, size + 1);
            found.addAll(findableByDistance(rows));
            if (rows.size() <= size) {
                break;
            }
            var last = rows.getLast();
            after = new RouteRepository.NearPosition(
                    java.util.Objects.requireNonNull(last.distanceFromNearMeters()), last.id());
        }
        var page = found.size() > size + 1 ? found.subList(0, size + 1) : found;
        return Page.of(
                page, size, r -> encodeNear(java.util.Objects.requireNonNull(r.distanceFromNearMeters()), r.id()));
    }

    /**
     * Without other people's routes whose start lies in an area hidden for their owners' privacy
     * zones: the search filters and orders by the stored start, so finding such a route (or its
     * distance) would tell where the hidden start is. A route starting outside every hidden area
     * is seen from its true start, which is then no secret.
     */
    private List<RouteView> findableByDistance(List<RouteView> rows) {
        var zones = privacy.zones(rows.stream()
                .filter(r -> !r.mine())
                .map(RouteView::ownerId)
                .distinct()
                .toList());
        return rows.stream()
                .filter(r -> hiddenAreas(r, zones).stream().noneMatch(c -> c.contains(r.startLat(), r.startLon())))
                .toList();
    }

    /**
     * The smallest lat/lon box holding every point within {@code radiusM} (on the sphere): lat
     * ± the angular radius; lon ± asin(sin(angle) / cos(lat)). Across a pole every longitude
     * qualifies; across the antimeridian the lon range wraps (minLon > maxLon).
     */
    static RouteRepository.Box box(double lat, double lon, double radiusM) {
        double angle = radiusM / Geodesy.EARTH_RADIUS_M;
        double dLat = Math.toDegrees(angle);
        double minLat = lat - dLat, maxLat = lat + dLat;
        if (minLat <= -90 || maxLat >= 90) {
            return new RouteRepository.Box(Math.max(minLat, -90), Math.min(maxLat, 90), null, null);
        }
        double dLon = Math.toDegrees(Math.asin(Math.min(1, Math.sin(angle) / Math.cos(Math.toRadians(lat)))));
        if (dLon >= 180) {
            return new RouteRepository.Box(minLat, maxLat, null, null);
        }
        double minLon = lon - dLon, maxLon = lon + dLon;
        if (minLon < -180) {
            minLon += 360;
        }
        if (maxLon > 180) {
            maxLon -= 360;
        }
        return new RouteRepository.Box(minLat, maxLat, minLon, maxLon);
    }

    @Transactional
    RouteView update(UUID owner, UUID id, CreateRoute changes) {
        if (changes.points() != null || changes.activityId() != null) {
            throw ApiException.invalid("points", "the geometry of a route cannot be changed; create a new route");
        }
        var v = new Validation();
        checkDetails(v, changes.details(), false);
        v.throwIfInvalid();
        String description = changes.description();
        if (!routes.update(
                owner,
                id,
                changes.name() == null ? null : changes.name().strip(),
                description != null,
                blankToNull(description),
                changes.isPublic(),
                changes.difficulty())) {
            throw ApiException.notFound("Route");
        }
        events.publishEvent(new RouteChanged(owner, id, false));
        return get(owner, id);
    }

    @Transactional
    void delete(UUID owner, UUID id) {
        if (!routes.delete(owner, id)) {
            throw ApiException.notFound("Route");
        }
        events.publishEvent(new RouteChanged(owner, id, true));
    }

    @Transactional
    void favorite(UUID viewer, UUID id) {
        var route = routes.findVisible(viewer, id).orElseThrow(() -> ApiException.notFound("Route"));
        var unused = asSeen(route, routes.geometry(id).orElseThrow(() -> ApiException.notFound("Route")));
        routes.favorite(viewer, id);
        events.publishEvent(new RouteChanged(viewer, id, false));
    }

    /** Idempotent; also removes a favourite of a route that has since turned private. */
    @Transactional
    void unfavorite(UUID viewer, UUID id) {
        if (!routes.unfavorite(viewer, id)) {
            var unused = routes.findVisible(viewer, id).orElseThrow(() -> ApiException.notFound("Route"));
        }
        events.publishEvent(new RouteChanged(viewer, id, false));
    }

    private static void checkDetails(Validation v, Details d, boolean creating) {
        String name = d.name();
        if (creating) {
            v.check(name != null && !name.isBlank(), "name", "is required");
        } else {
            v.check(name == null || !name.isBlank(), "name", "must not be blank");
        }
        v.check(
                name == null || name.strip().length() <= MAX_NAME,
                "name",
                "must have at most " + MAX_NAME + " characters");
        v.check(
                d.description() == null || d.description().length() <= MAX_DESCRIPTION,
                "description",
                "must have at most " + MAX_DESCRIPTION + " characters");
    }

    /** Validates every point (naming {@code points[3].lat}); the geometry when all are good. */
    private static @Nullable Geometry points(Validation v, @Nullable List<@Nullable PointIn> points) {
        if (points == null) {
            return null;
        }
        int n = points.size();
        if (n < MIN_POINTS || n > MAX_POINTS) {
            v.check(false, "points", "must have between " + MIN_POINTS + " and " + MAX_POINTS + " points");
            return null;
        }
        var lat = new double[n];
        var lon = new double[n];
        var ele = new double[n];
        int problems = 0;
        for (int i = 0; i < n && problems < MAX_POINT_PROBLEMS; i++) {
            var p = points.get(i);
            String at = "points[" + i + "]";
            if (p == null) {
                v.check(false, at, "must be an object {lat, lon, ele?}");
                problems++;
                continue;
            }
            int before = v.problems().size();
            v.check(p.lat() != null, at + ".lat", "is required");
            v.check(p.lon() != null, at + ".lon", "is required");
            v.check(p.lat() == null || (p.lat() >= -90 && p.lat() <= 90), at + ".lat", "must be between -90 and 90");
            v.check(
                    p.lon() == null || (p.lon() >= -180 && p.lon() <= 180),
                    at + ".lon",
                    "must be between -180 and 180");
            v.check(
                    p.ele() == null || (p.ele() >= MIN_ELE && p.ele() <= MAX_ELE),
                    at + ".ele",
                    "must be between " + MIN_ELE + " and " + MAX_ELE + " metres");
            problems += v.problems().size() - before;
            lat[i] = p.lat() == null ? 0 : p.lat();
            lon[i] = p.lon() == null ? 0 : p.lon();
            ele[i] = p.ele() == null ? Double.NaN : p.ele();
        }
        return new Geometry(lat, lon, Geometry.elevationsOrNull(ele));
    }

    private static String encodeNear(double distance, UUID id) {
        String raw = Double.toString(distance) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static RouteRepository.NearPosition decodeNear(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", 2);
            double distance = Double.parseDouble(parts[0]);
            if (!Double.isFinite(distance)) {
                throw new IllegalArgumentException("not finite");
            }
            return new RouteRepository.NearPosition(distance, UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.invalid("cursor", "is not a cursor this server issued");
        }
    }

    private static double parse(String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static @Nullable String firstNonBlank(@Nullable String a, @Nullable String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    private static @Nullable String truncate(@Nullable String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        // never split a surrogate pair
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private static @Nullable String blankToNull(@Nullable String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
