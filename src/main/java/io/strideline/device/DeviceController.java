package io.strideline.device;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.strideline.device.DeviceRepository.Device;
import io.strideline.device.DeviceRepository.Hardware;
import io.strideline.device.DeviceService.CodeStatus;
import io.strideline.device.DeviceService.IssuedCode;
import io.strideline.device.DeviceService.Paired;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Devices", description = "Pairing devices with a 6-digit code, and managing them")
class DeviceController {

    private static final String INACTIVITY_TIMEOUT =
            "Seconds without a request after which the device counts as offline, 10 to 604800 (default 300).";

    /** What a device is told to do; the same for every device for now. */
    @ConfigurationProperties("strideline.device.defaults")
    record DeviceConfig(int uploadIntervalSeconds, int batchSize, boolean gzipUploads) {}

    @Schema(description = "A device claiming a pairing code, and what it says about itself.")
    record ClaimRequest(
            @Schema(description = "The 6 digits the person typed in.", example = "042917") @NotNull
            String code,

            @Schema(
                    description = "The device's own id (serial number, MAC address): 1 to 128 of A-Z a-z 0-9 : . _ -. "
                            + "The same hardware paired again by the same person keeps its device id.",
                    example = "AA:BB:CC:DD:EE:FF")
            @NotNull
            String hardwareId,

            @Schema(description = "What sort of device it is.", example = "glasses") @NotNull
            DeviceKind kind,

            @Schema(description = "Model name, at most 100 characters.", example = "Vue 2") @Nullable
            String model,

            @Schema(description = "Firmware version, at most 64 characters.", example = "2.4.1") @Nullable
            String firmwareVersion) {}

    @Schema(description = "A device to register directly in an organization.")
    record NewDevice(
            @Schema(
                    description = "The organization, where I must be admin. Default: my personal organization.",
                    example = "0190a8c2-9b1d-7c44-8e2f-5a6b7c8d9e0f")
            @Nullable
            UUID orgId,

            @Schema(
                    description = "1 to 100 characters. Default: the model, else the kind.",
                    example = "Greenhouse sensor")
            @Nullable
            String name,

            @Schema(description = "What sort of device it is.", example = "sensor", requiredMode = REQUIRED) @Nullable
            DeviceKind kind,

            @Schema(
                    description = "The device's own id, 1 to 128 of A-Z a-z 0-9 : . _ -; unique in the organization.",
                    example = "ESP32-7C9EBD4A1F20",
                    requiredMode = REQUIRED)
            @Nullable
            String hardwareId,

            @Schema(description = "Model name, at most 100 characters.", example = "ESP32-S3") @Nullable
            String model,

            @Schema(description = "Firmware version, at most 64 characters.", example = "1.0.3") @Nullable
            String firmwareVersion,

            @Schema(description = "Free-form JSON object of at most 16 KB, e.g. where the device is.") @Nullable
            JsonNode metadata,

            @Schema(description = INACTIVITY_TIMEOUT, example = "600") @Nullable
            Integer inactivityTimeoutSeconds) {}

    @Schema(description = "Changes to a device: only the fields sent (and not null) change.")
    record DeviceChanges(
            @Schema(description = "A new name, 1 to 100 characters.", example = "Greenhouse sensor 2") @Nullable
            String name,

            @Schema(description = "A JSON object replacing the metadata.") @Nullable
            JsonNode metadata,

            @Schema(description = INACTIVITY_TIMEOUT, example = "600") @Nullable
            Integer inactivityTimeoutSeconds) {}

    @Schema(description = "What a device should do, and the server's clock.")
    record ConfigAnswer(
            @Schema(description = "Seconds between uploads.", example = "60")
            int uploadIntervalSeconds,

            @Schema(description = "Most readings per upload.", example = "500")
            int batchSize,

            @Schema(description = "Whether to send uploads with Content-Encoding: gzip.", example = "true")
            boolean gzipUploads,

            @Schema(description = "The server's clock, to correct the device's.", example = "2026-03-01T08:30:00Z")
            Instant serverTime) {}

    private final DeviceService devices;
    private final DeviceConfig config;
    private final Clock clock;

    DeviceController(DeviceService devices, DeviceConfig config, Clock clock) {
        this.devices = devices;
        this.config = config;
        this.clock = clock;
    }

    @Created(location = "/api/v1/pairing/codes/current")
    @PostMapping("/pairing/codes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createPairingCode",
            summary = "Get a pairing code",
            description = "6 random digits, valid 5 minutes, single use. A new code replaces my previous one. "
                    + "Type it into the device, which claims it with POST /pairing/claim. Rate-limited per person "
                    + "(429 with Retry-After).")
    IssuedCode issueCode(CurrentUser user) {
        return devices.issueCode(user.id());
    }

    @GetMapping("/pairing/codes/current")
    @Operation(
            operationId = "getCurrentPairingCode",
            summary = "Status of my latest pairing code",
            description = "status: pending, claimed (with the device) or expired. 404 when I never asked for one.")
    @ApiResponse(responseCode = "200", description = "My latest pairing code.")
    @ApiResponse(responseCode = "404", description = "not_found: I never asked for a pairing code.")
    CodeStatus currentCode(CurrentUser user) {
        return devices.currentCode(user.id());
    }

    @PostMapping("/pairing/claim")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(
            operationId = "claimPairingCode",
            summary = "Claim a pairing code (device, no token)",
            description = "The device sends the code and its hardware id and receives its device token, shown "
                    + "only this once. The same hardware paired again by the same person keeps its device id and "
                    + "gets a new token (the old one stops working). 400 pairing_code_invalid, 410 "
                    + "pairing_code_expired; throttled per client address and globally on failures (429).")
    @ApiResponse(responseCode = "201", description = "Paired: the device and its token.")
    @ApiResponse(
            responseCode = "400",
            description = "pairing_code_invalid: no live code has these digits (or malformed_request: the body is "
                    + "not JSON of the documented shape).")
    @ApiResponse(
            responseCode = "410",
            description = "pairing_code_expired: the code expired; ask the app for a new one.")
    Paired claim(@Valid @RequestBody ClaimRequest body, HttpServletRequest request) {
        return devices.claim(
                body.code(),
                new Hardware(body.hardwareId(), body.kind(), null, body.model(), body.firmwareVersion(), null),
                request.getRemoteAddr());
    }

    @Created(location = "/api/v1/devices/{device.id}")
    @PostMapping("/devices")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "registerDevice",
            summary = "Register a device directly (admin)",
            description = "For fleets of sensors that have no screen to type a code into. org_id defaults to my "
                    + "personal organization; I must be its admin. Answers the device and its token, shown only "
                    + "this once. 409 device_exists when the organization has this hardware_id already.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role in the organization.")
    @ApiResponse(responseCode = "409", description = "device_exists: the organization has this hardware_id already.")
    Paired register(CurrentUser user, @RequestBody NewDevice body) {
        return devices.register(
                user.id(),
                body.orgId(),
                new Hardware(
                        body.hardwareId(),
                        body.kind(),
                        body.name(),
                        body.model(),
                        body.firmwareVersion(),
                        body.metadata()),
                body.inactivityTimeoutSeconds());
    }

    @GetMapping("/devices")
    @Operation(
            operationId = "listDevices",
            summary = "Devices of my organizations",
            description = "Newest first; org_id narrows to one organization; cursor pages (limit 1..200, default 50).")
    Page<Device> list(
            CurrentUser user,
            @Parameter(description = "Only this organization's devices (404 when I am not its member).")
                    @RequestParam(name = "org_id", required = false)
                    @Nullable
                    UUID orgId,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return devices.list(user.id(), orgId, PageRequest.of(limit, cursor));
    }

    @GetMapping("/devices/{id}")
    @Operation(
            operationId = "getDevice",
            summary = "One device",
            description = "404 for unknown ids and for devices of other organizations.")
    Device get(CurrentUser user, @PathVariable UUID id) {
        return devices.get(user.id(), id);
    }

    @PatchMapping("/devices/{id}")
    @Operation(
            operationId = "updateDevice",
            summary = "Rename a device, set its metadata or inactivity timeout (admin)",
            description = "inactivity_timeout_seconds (10..604800, default 300): not seen for this long means offline.")
    @ApiResponse(responseCode = "200", description = "The device as it is now.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    Device update(CurrentUser user, @PathVariable UUID id, @RequestBody DeviceChanges body) {
        return devices.update(user.id(), id, body.name(), body.metadata(), body.inactivityTimeoutSeconds());
    }

    @DeleteMapping("/devices/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "removeDevice",
            summary = "Unpair or remove a device (admin)",
            description = "Its tokens stop working at once. Its data stays. It can be paired again later.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    void remove(CurrentUser user, @PathVariable UUID id) {
        devices.remove(user.id(), id);
    }

    @PostMapping("/devices/{id}/token:rotate")
    @Operation(
            operationId = "rotateDeviceToken",
            summary = "Issue a new device token (admin)",
            description = "The new token is shown only this once. The token in use until now keeps working for "
                    + "the grace period (strideline.device.token-grace, default 1 h) so that it can be replaced on "
                    + "the device, then stops; older tokens stop at once. So at most two tokens work: the newest "
                    + "and the one just before it. POST /devices/{id}/token:revoke-previous ends the grace period "
                    + "at once.")
    @ApiResponse(responseCode = "200", description = "The device and its new token.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    Paired rotateToken(CurrentUser user, @PathVariable UUID id) {
        return devices.rotateToken(user.id(), id);
    }

    @PostMapping("/devices/{id}/token:revoke-previous")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "revokePreviousDeviceToken",
            summary = "Revoke the previous device token at once (admin)",
            description = "The token replaced by the last rotation stops working now instead of at the end of its "
                    + "grace period (when it may have leaked, or once the device uses the new one); only the newest "
                    + "token keeps working. 204 also when there is no previous token. 404 for unknown ids and "
                    + "devices of other organizations, 403 below admin.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    void revokePreviousToken(CurrentUser user, @PathVariable UUID id) {
        devices.revokePreviousToken(user.id(), id);
    }

    @GetMapping("/device/config")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "getDeviceConfig",
            summary = "What this device should do (device token)",
            description = "Upload interval, batch size, whether to gzip uploads, and the server's clock.")
    ConfigAnswer config(CurrentDevice device) {
        return new ConfigAnswer(
                config.uploadIntervalSeconds(), config.batchSize(), config.gzipUploads(), clock.instant());
    }
}
