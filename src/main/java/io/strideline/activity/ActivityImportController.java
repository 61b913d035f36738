package io.strideline.activity;

import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/activities")
@Tag(name = "Activity files", description = "GPX, TCX and FIT files in; GPX out")
class ActivityImportController {

    static final MediaType GPX = MediaType.parseMediaType("application/gpx+xml");

    /** The multipart form of an import, for the document only (the handler reads the parts itself). */
    @Schema(name = "ActivityImportForm", description = "The parts of an activity file import.")
    record ImportForm(
            @Schema(
                    description = "The activity file: GPX 1.0/1.1, TCX or FIT, each optionally gzipped; at most "
                            + "25 MB as sent and 200 MB inflated.")
            MultipartFile file,

            @Schema(
                    description = "My own id of the file, 1..128 characters: importing the same external_id "
                            + "again answers the existing activity.",
                    example = "garmin-1234567890")
            @Nullable
            String externalId,

            @Schema(description = "Kind of activity; default from the file's sport, else run.", example = "run")
            @Nullable
            ActivityType type,

            @Schema(description = "Title, at most 200 characters; default the file's track name.", example = "Tempo")
            @Nullable
            String name) {}

    private final ImportService imports;

    ActivityImportController(ImportService imports) {
        this.imports = imports;
    }

    @Created(location = "/api/v1/activities/{id}", duplicateIs200 = true)
    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            operationId = "importActivityFile",
            summary = "Import a GPX, TCX or FIT file as an activity",
            description = "Multipart form: file (GPX 1.0/1.1, TCX or FIT, each optionally gzipped; at most 25 MB "
                    + "as sent and 200 MB inflated), optional external_id (1..128 characters: your own id of "
                    + "the file), optional type (run, walk, hike, ride, swim, workout, other; default from the "
                    + "file's sport, else run) and optional name. Creates one activity with its streams (t, lat, "
                    + "lon, ele, hr, cad) and its route analysis, synchronously: 201. The same content (SHA-256 "
                    + "of the un-gzipped bytes) or the same external_id again answers the existing activity "
                    + "with 200. Broken or hostile files: 422 invalid_file (bad XML, a DOCTYPE, truncated FIT, "
                    + "no points, absurd coordinates), 415 unsupported_file, 413 payload_too_large; nothing is "
                    + "stored then.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                            schema = @Schema(implementation = ImportForm.class)))
    @ApiResponse(responseCode = "201", description = "Created.", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "415", description = "code: unsupported_file (neither GPX, TCX nor FIT)")
    @ApiResponse(
            responseCode = "422",
            description = "code: invalid_file (bad XML, a DOCTYPE, truncated FIT, no points, absurd coordinates or "
                    + "times), or validation_failed naming the bad part")
    ResponseEntity<ActivityView> importFile(
            CurrentUser user,
            @Parameter(hidden = true) @RequestPart("file") MultipartFile file,
            @Parameter(hidden = true) @RequestParam(name = "external_id", required = false) @Nullable String externalId,
            @Parameter(hidden = true) @RequestParam(required = false) @Nullable ActivityType type,
            @Parameter(hidden = true) @RequestParam(required = false) @Nullable String name) {
        byte[] bytes;
        try {
            bytes = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the uploaded file failed", e);
        }
        var imported = imports.importFile(user.id(), bytes, externalId, type, name);
        var activity = imported.activity();
        return ResponseEntity.status(imported.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(activity);
    }

    @GetMapping("/{id}/export.gpx")
    @Operation(
            operationId = "exportActivityGpx",
            summary = "My activity's track as GPX 1.1",
            description = "application/gpx+xml with one track: trkpt lat, lon, ele, time and the heart rate in "
                    + "Garmin's TrackPointExtension, as an attachment (Content-Disposition). Re-importing it gives "
                    + "the same distance. 404 for unknown ids and other people's activities; 409 no_track when "
                    + "the activity has no GPS track. Errors are problem+json.")
    @ApiResponse(
            responseCode = "200",
            description = "The GPX 1.1 document.",
            content = @Content(mediaType = "application/gpx+xml", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "code: no_track (the activity has no GPS track)")
    ResponseEntity<byte[]> exportGpx(CurrentUser user, @PathVariable UUID id) {
        byte[] gpx = imports.exportGpx(user.id(), id);
        return ResponseEntity.ok()
                .contentType(GPX)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("activity-" + id + ".gpx")
                                .build()
                                .toString())
                .body(gpx);
    }
}
