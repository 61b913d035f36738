package io.strideline.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.strideline.platform.ApiException;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.route.RouteService.CreateRoute;
import io.strideline.route.RouteService.Details;
import io.strideline.track.Difficulty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/routes")
@Tag(
        name = "Routes",
        description = "Saved routes: create from points, a GPX, TCX or FIT file or an activity; share, find nearby, "
                + "favourite")
class RouteController {

    static final MediaType GPX = MediaType.parseMediaType("application/gpx+xml");

    /** The multipart form of a route file upload, for the document only (the handler reads the parts itself). */
    @Schema(name = "RouteUploadForm", description = "The parts of a route upload from a GPX, TCX or FIT file.")
    record UploadForm(
            @Schema(
                    description = "The file: GPX 1.0/1.1, TCX or FIT, each optionally gzipped; at most 10 MB as "
                            + "sent and 100 MB inflated, at most 300,000 points (kept: 50,000, thinned evenly). "
                            + "Its track points; a GPX file without any: its route points.",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            MultipartFile file,

            @Schema(
                    description = "Name, 1..100 characters; default the name in the file (GPX), then the "
                            + "file name without its extension.",
                    example = "Alpspitze loop")
            @Nullable
            String name,

            @Schema(
                    description = "Description, at most 2000 characters; default the file's description.",
                    example = "Via the ferrata")
            @Nullable
            String description,

            @Schema(description = "Whether everyone may see and find it; default false.", example = "true")
            @JsonProperty("is_public")
            @Nullable
            Boolean isPublic,

            @Schema(
                    description = "Difficulty; default derived from distance and climbing (" + Difficulty.SCALE + ").",
                    example = "moderate")
            @Nullable
            Difficulty difficulty) {}

    private final RouteService routes;

    RouteController(RouteService routes) {
        this.routes = routes;
    }

    @Created(location = "/api/v1/routes/{id}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "createRoute",
            summary = "Save a route from points or from one of my activities",
            description = "As JSON (CreateRoute): either points [{lat, lon, ele?}] "
                    + "(2..50,000; lat -90..90, lon -180..180, ele -500..9000 m) or activity_id (one of my activities with "
                    + "a GPS track; longer tracks are thinned evenly to 50,000 points); a GPX, TCX or FIT file goes "
                    + "to POST /routes/import. name 1..100, description up to 2000, is_public (default false), "
                    + "difficulty. From points, distance (geodesic, WGS84), elevation gain/loss and difficulty ("
                    + Difficulty.SCALE + ") are computed as for an activity's track; from an activity, the route "
                    + "takes the activity's distance, elevation gain/loss and difficulty. Estimated walking "
                    + "duration: Naismith's rule. 404 for an activity that is not mine or has no track.")
    @ApiResponse(responseCode = "201", description = "Created.", useReturnTypeSchema = true)
    ResponseEntity<RouteView> create(CurrentUser user, @RequestBody CreateRoute request) {
        return created(routes.create(user.id(), request));
    }

    @Created(location = "/api/v1/routes/{id}")
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            operationId = "importRouteGpx",
            summary = "Save a route from a GPX, TCX or FIT file",
            description = "multipart/form-data (RouteUploadForm): a GPX 1.0/1.1, TCX or FIT file, each optionally "
                    + "gzipped, of at most 10 MB (100 MB inflated), read as an activity file is: its track points "
                    + "(a GPX file without any: its route points; waypoints are ignored), at most 300,000, "
                    + "thinned evenly to 50,000. Optional name (default the file's name, then the file name), "
                    + "description up to 2000 (default the file's), is_public (default false), difficulty "
                    + "(derived from distance and climbing when not given). Distance and climbing are measured "
                    + "from all the file's points as for an activity (no distance across segment gaps and pauses). Broken or hostile files (bad XML, a DOCTYPE, "
                    + "truncated FIT, absurd coordinates, fewer than 2 points with a position) are 422 "
                    + "invalid_file; other content is 415 unsupported_file; nothing is stored then.")
    @ApiResponse(responseCode = "201", description = "Created.", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "400", description = "code: invalid_upload, or an unreadable multipart body")
    @ApiResponse(responseCode = "413", description = "code: payload_too_large (over 10 MB, or 100 MB inflated)")
    @ApiResponse(responseCode = "415", description = "code: unsupported_file (neither GPX, TCX nor FIT)")
    @ApiResponse(
            responseCode = "422",
            description = "code: invalid_file (bad XML, a DOCTYPE, truncated FIT, absurd coordinates, fewer than 2 "
                    + "points with a position), or validation_failed naming the bad field")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = UploadForm.class)))
    ResponseEntity<RouteView> upload(
            CurrentUser user,
            @Parameter(hidden = true) @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @Parameter(hidden = true) @RequestParam(required = false) @Nullable String name,
            @Parameter(hidden = true) @RequestParam(required = false) @Nullable String description,
            @Parameter(hidden = true) @RequestParam(name = "is_public", required = false) @Nullable Boolean isPublic,
            @Parameter(hidden = true) @RequestParam(required = false) @Nullable Difficulty difficulty) {
        if (file == null || file.isEmpty()) {
            throw ApiException.invalid("file", "is required (a GPX, TCX or FIT file)");
        }
        try (InputStream in = file.getInputStream()) {
            return created(routes.createFromFile(
                    user.id(),
                    file.getOriginalFilename(),
                    file.getSize(),
                    in,
                    new Details(name, description, isPublic, difficulty)));
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_upload", "The upload could not be read.");
        }
    }

    @GetMapping
    @Operation(
            operationId = "listMyRoutes",
            summary = "My routes, newest first",
            description = "Cursor pages: limit 1..200 (default 50), cursor = next_cursor of the previous page. "
                    + "Without geometry; GET /routes/{id} has it.")
    Page<RouteView> mine(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return routes.mine(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/public")
    @Operation(
            operationId = "listPublicRoutes",
            summary = "Everyone's public routes: newest first, or nearest first with near=lat,lon",
            description = "Without near: newest first. With near=lat,lon: routes whose start lies within radius_km "
                    + "(default 50, at most 500) of that point, nearest first (great-circle distance to the start, "
                    + "in distance_from_near_meters, rounded to 100 m). Other people's routes that start inside "
                    + "the area hidden for one of their owner's privacy zones (the zone, blurred and larger: "
                    + "see GET /me/privacy-zones) are not found by distance (they are in the newest list, with "
                    + "the start moved out of that area). Routes of people blocked either way are "
                    + "left out. Cursor pages either way: limit 1..200 (default 50).")
    Page<RouteView> publicRoutes(
            CurrentUser user,
            @Parameter(description = "lat,lon in degrees: search near this point.", example = "47.42,10.98")
                    @RequestParam(required = false)
                    @Nullable
                    String near,
            @Parameter(description = "Search radius in km with near, above 0 and at most 500; default 50.")
                    @RequestParam(name = "radius_km", required = false)
                    @Nullable
                    Double radiusKm,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        if (near != null) {
            return routes.near(user.id(), near, radiusKm, limit, cursor);
        }
        return routes.publicNewest(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/favorites")
    @Operation(
            operationId = "listFavoriteRoutes",
            summary = "My favourite routes, most recently favourited first",
            description = "Only routes I may still see: a favourite of someone else's route that has since turned "
                    + "private, or whose owner is blocked either way, is left out (and shows again when it "
                    + "turns public or the block ends). Cursor pages: limit 1..200 (default 50).")
    Page<RouteView> favorites(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return routes.favorites(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getRoute",
            summary = "One route with its geometry",
            description = "Mine or public. polyline is the geometry as a Google encoded polyline (precision 5). "
                    + "404 for unknown ids, for other people's private routes and for routes of people blocked "
                    + "either way.")
    RouteView get(CurrentUser user, @PathVariable UUID id) {
        return routes.get(user.id(), id);
    }

    @GetMapping("/{id}/export.gpx")
    @Operation(
            operationId = "exportRouteGpx",
            summary = "The route as a GPX 1.1 file",
            description = "application/gpx+xml, one track with elevations where known, as an attachment "
                    + "(Content-Disposition, named after the route). Mine or public; 404 otherwise. Errors are "
                    + "problem+json.")
    @ApiResponse(
            responseCode = "200",
            description = "The GPX 1.1 document.",
            content = @Content(mediaType = "application/gpx+xml", schema = @Schema(type = "string")))
    ResponseEntity<byte[]> export(CurrentUser user, @PathVariable UUID id) {
        var export = routes.export(user.id(), id);
        return ResponseEntity.ok()
                .contentType(GPX)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(export.filename())
                                .build()
                                .toString())
                .body(export.gpx());
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "updateRoute",
            summary = "Change name, description, is_public or difficulty of my route",
            description = "Only the fields sent change; an empty description removes it. The geometry cannot be "
                    + "changed. 404 for routes that are not mine.")
    RouteView update(CurrentUser user, @PathVariable UUID id, @RequestBody CreateRoute changes) {
        return routes.update(user.id(), id, changes);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteRoute",
            summary = "Delete my route",
            description = "Its favourites go with it. 404 for routes that are not mine.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        routes.delete(user.id(), id);
    }

    @PutMapping("/{id}/favorite")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "favoriteRoute",
            summary = "Mark a route as a favourite",
            description = "Idempotent. Only routes I may see (mine or public); 404 otherwise.")
    void favorite(CurrentUser user, @PathVariable UUID id) {
        routes.favorite(user.id(), id);
    }

    @DeleteMapping("/{id}/favorite")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "unfavoriteRoute",
            summary = "Remove a route from my favourites",
            description = "Idempotent. 404 only for a route I may not see and never favourited.")
    void unfavorite(CurrentUser user, @PathVariable UUID id) {
        routes.unfavorite(user.id(), id);
    }

    /** 201; Location comes from {@link Created}. */
    private static ResponseEntity<RouteView> created(RouteView route) {
        return ResponseEntity.status(HttpStatus.CREATED).body(route);
    }
}
