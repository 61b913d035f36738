package io.strideline.identity;

import io.strideline.identity.Privacy.PrivacyZone;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/me/privacy-zones")
@Tag(name = "Identity", description = "Accounts, sign-in, tokens and the profile")
class PrivacyZoneController {

    @Schema(description = "A new privacy zone.")
    record NewZone(
            @Schema(description = "A name for myself, at most 100 characters.", example = "Home") @Nullable
            String name,

            @Schema(
                    description = "Latitude of the centre in degrees (WGS84), -90..90.",
                    example = "48.137",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Double lat,

            @Schema(
                    description = "Longitude of the centre in degrees (WGS84), -180..180.",
                    example = "11.575",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Double lon,

            @Schema(
                    description = "Radius in metres, 100 to 1000.",
                    example = "300",
                    minimum = "100",
                    maximum = "1000",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            Integer radiusMeters) {}

    private final Privacy privacy;

    PrivacyZoneController(Privacy privacy) {
        this.privacy = privacy;
    }

    @GetMapping
    @Operation(
            operationId = "listPrivacyZones",
            summary = "My privacy zones",
            description = "At most 5, oldest first. For anyone but me, the points of my activities and routes "
                    + "inside a zone are removed from streams, maps and GPX exports, so my start and end show as "
                    + "the first and last point outside. The area cut is larger than the zone and blurred: per "
                    + "activity or route a circle that holds the whole zone, its centre up to r/2 off, its "
                    + "radius up to 2r, the same on every read, so the cuts of several tracks do not outline "
                    + "the zone.")
    List<PrivacyZone> list(CurrentUser user) {
        return privacy.zones(user.id());
    }

    @Created(location = "/api/v1/me/privacy-zones")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createPrivacyZone",
            summary = "Add a privacy zone",
            description = "A circle (centre, radius 100 to 1000 m); applies at once to all my activities, old and "
                    + "new. 409 too_many_zones when I have 5 already.")
    @ApiResponse(responseCode = "409", description = "too_many_zones: at most 5 privacy zones.")
    PrivacyZone create(CurrentUser user, @RequestBody NewZone zone) {
        return privacy.addZone(user.id(), zone.name(), zone.lat(), zone.lon(), zone.radiusMeters());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deletePrivacyZone",
            summary = "Delete a privacy zone",
            description = "404 for unknown ids and for other people's zones.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        privacy.deleteZone(user.id(), id);
    }
}
