package io.strideline.device;

import io.strideline.device.DeviceRepository.Claim;
import io.strideline.device.DeviceRepository.Device;
import io.strideline.device.DeviceService.CodeStatus;
import io.strideline.device.DeviceService.IssuedCode;
import io.strideline.device.DeviceService.Paired;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
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

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Devices", description = "Pairing devices with a 6-digit code, and managing them")
class DeviceController {

    /** What a device is told to do; the same for every device for now. */
    @ConfigurationProperties("strideline.device.defaults")
    record DeviceConfig(int uploadIntervalSeconds, int batchSize, boolean gzipUploads) {}

    record ClaimRequest(
            @NotNull String code,
            @NotNull String hardwareId,
            @NotNull String kind,
            @Nullable String model,
            @Nullable String firmwareVersion) {}

    record Rename(@Nullable String name) {}

    record ConfigAnswer(int uploadIntervalSeconds, int batchSize, boolean gzipUploads, Instant serverTime) {}

    private final DeviceService devices;
    private final DeviceConfig config;
    private final Clock clock;

    DeviceController(DeviceService devices, DeviceConfig config, Clock clock) {
        this.devices = devices;
        this.config = config;
        this.clock = clock;
    }

    @PostMapping("/pairing/codes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Get a pairing code",
            description = "6 random digits, valid 5 minutes, single use. A new code replaces my previous one. "
                    + "Type it into the device, which claims it with POST /pairing/claim.")
    IssuedCode issueCode(CurrentUser user) {
        return devices.issueCode(user.id());
    }

    @GetMapping("/pairing/codes/current")
    @Operation(
            summary = "Status of my latest pairing code",
            description = "status: pending, claimed (with the device) or expired. 404 when I never asked for one.")
    CodeStatus currentCode(CurrentUser user) {
        return devices.currentCode(user.id());
    }

    @PostMapping("/pairing/claim")
    @ResponseStatus(HttpStatus.CREATED)
    @SecurityRequirements
    @Operation(
            summary = "Claim a pairing code (device, no token)",
            description = "The device sends the code and its hardware id and receives its device token, shown "
                    + "only this once. The same hardware paired again by the same person keeps its device id and "
                    + "gets a new token (the old one stops working). 400 pairing_code_invalid, 410 "
                    + "pairing_code_expired; throttled per client address and globally on failures (429).")
    Paired claim(@Valid @RequestBody ClaimRequest body, HttpServletRequest request) {
        return devices.claim(
                body.code(),
                new Claim(body.hardwareId(), body.kind(), body.model(), body.firmwareVersion()),
                request.getRemoteAddr());
    }

    @GetMapping("/devices")
    @Operation(summary = "My devices", description = "Newest pairing first; cursor pages (limit 1..200, default 50).")
    Page<Device> list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return devices.list(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/devices/{id}")
    @Operation(summary = "One of my devices", description = "404 for unknown ids and for other people's devices.")
    Device get(CurrentUser user, @PathVariable UUID id) {
        return devices.get(user.id(), id);
    }

    @PatchMapping("/devices/{id}")
    @Operation(summary = "Rename a device")
    Device rename(CurrentUser user, @PathVariable UUID id, @RequestBody Rename body) {
        return devices.rename(user.id(), id, body.name());
    }

    @DeleteMapping("/devices/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Unpair a device",
            description = "Its tokens stop working at once. Its runs stay. It can be paired again later.")
    void remove(CurrentUser user, @PathVariable UUID id) {
        devices.remove(user.id(), id);
    }

    @GetMapping("/device/config")
    @SecurityRequirement(name = "device")
    @Operation(
            summary = "What this device should do (device token)",
            description = "Upload interval, batch size, whether to gzip uploads, and the server's clock.")
    ConfigAnswer config(CurrentDevice device) {
        return new ConfigAnswer(
                config.uploadIntervalSeconds(), config.batchSize(), config.gzipUploads(), clock.instant());
    }
}
