package io.strideline.device;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.strideline.device.DeviceOpsRepository.StatusEvent;
import io.strideline.device.DeviceOpsRepository.StoredLog;
import io.strideline.device.DeviceOpsService.DeviceHealth;
import io.strideline.device.DeviceOpsService.HeartbeatRequest;
import io.strideline.device.DeviceOpsService.LogLineRequest;
import io.strideline.device.DeviceOpsService.LogsStored;
import io.strideline.device.DeviceOpsService.ReportedStatus;
import io.strideline.device.DeviceOpsService.StatusReport;
import io.strideline.device.DeviceOpsService.StatusView;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Device operations", description = "Keep-alives, status, logs and health of devices")
class DeviceOpsController {

    @Schema(description = "The server's clock and whether commands wait.")
    record HeartbeatAnswer(
            @Schema(description = "The server's clock.", example = "2026-03-01T08:30:00Z")
            Instant serverTime,

            @Schema(
                    description = "Commands waiting for the device; when more than 0, poll GET /device/commands.",
                    example = "1")
            long pendingCommands) {}

    @Schema(description = "A batch of log lines.")
    record LogsUpload(
            @ArraySchema(
                    arraySchema = @Schema(description = "1 to 1000 lines.", requiredMode = REQUIRED),
                    minItems = 1,
                    maxItems = 1000)
            @Nullable
            List<LogLineRequest> logs) {}

    private final DeviceOpsService ops;
    private final CommandService commands;
    private final Clock clock;

    DeviceOpsController(DeviceOpsService ops, CommandService commands, Clock clock) {
        this.ops = ops;
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping("/device/heartbeat")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "sendHeartbeat",
            summary = "Keep-alive (device token)",
            description = "Optional latest values {battery_pct 0..100, rssi_dbm -150..0, firmware_version (1..64 "
                    + "characters), uptime_s >= 0}; a value left out keeps its previous one, and an empty body is a "
                    + "plain keep-alive. Answers 200 {server_time, pending_commands}: when pending_commands > 0 the "
                    + "device should poll GET /device/commands. Any authenticated device request counts as being "
                    + "seen; this one also stores the values.")
    HeartbeatAnswer heartbeat(CurrentDevice device, @RequestBody(required = false) @Nullable HeartbeatRequest body) {
        ops.heartbeat(device.id(), body);
        return new HeartbeatAnswer(clock.instant(), commands.pendingCount(device.id()));
    }

    @PostMapping("/device/status")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "reportDeviceStatus",
            summary = "Report a status (device token)",
            description = "{status: ok|degraded|error|maintenance|updating|booting, detail? (at most 1000 "
                    + "characters)}. Becomes the device's current status and an entry of its status events. "
                    + "Answers 200 {status, status_detail, since}.")
    ReportedStatus status(CurrentDevice device, @RequestBody StatusReport body) {
        return ops.reportStatus(device.id(), body);
    }

    @PostMapping("/device/logs")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "uploadDeviceLogs",
            summary = "Upload log lines (device token)",
            description = "{logs: [{ts, level: debug|info|warn|error, message (at most 4000 characters), context? "
                    + "(object, at most 8 KB)}]}, 1 to 1000 lines; ts at most 5 minutes in the future. All or "
                    + "nothing: any bad line is a 422 naming it (logs[3].level). A line already stored (same ts, "
                    + "level and message) is skipped, so a retried upload is harmless. Answers 200 "
                    + "{stored, duplicates}.")
    LogsStored logs(CurrentDevice device, @RequestBody LogsUpload body) {
        return ops.ingestLogs(device.id(), body.logs());
    }

    @GetMapping("/devices/{id}/status")
    @Operation(
            operationId = "getDeviceStatus",
            summary = "Online state and reported status of a device (viewer)",
            description = "online: seen within the device's inactivity timeout (inactivity_timeout_seconds, default "
                    + "300; a device never seen is offline). offline_since: when the offline job recorded it going "
                    + "offline. status, status_detail, since: the last status it reported and when.")
    StatusView deviceStatus(CurrentUser user, @PathVariable UUID id) {
        return ops.status(user.id(), id);
    }

    @GetMapping("/devices/{id}/health")
    @Operation(
            operationId = "getDeviceHealth",
            summary = "Health summary of a device (viewer)",
            description = "online, last_seen_at, status, the latest heartbeat values (battery_pct, rssi_dbm, "
                    + "firmware_version, uptime_s, heartbeat_at), log_lines_24h and error_lines_24h (lines whose "
                    + "device time ts lies in the last 24 hours) and error_rate = error_lines_24h / log_lines_24h "
                    + "(null without lines). Other modules add their own entries, such as last_sync.")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(schema = @Schema(implementation = DeviceHealth.class)))
    Map<String, Object> health(CurrentUser user, @PathVariable UUID id) {
        return ops.health(user.id(), id);
    }

    @GetMapping("/devices/{id}/logs")
    @Operation(
            operationId = "listDeviceLogs",
            summary = "Log lines of a device (viewer)",
            description = "Newest first by device time. level=warn gives warn and error lines (that level and "
                    + "above); from (inclusive) and to (exclusive) bound ts; cursor pages (limit 1..200, default 50).")
    Page<StoredLog> deviceLogs(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "Only lines of this level and above (warn: warn and error).")
                    @RequestParam(required = false)
                    @Nullable
                    LogLevel level,
            @Parameter(description = "Only lines with ts at or after this time.", example = "2026-03-01T00:00:00Z")
                    @RequestParam(required = false)
                    @Nullable
                    Instant from,
            @Parameter(
                            description = "Only lines with ts before this time; after from.",
                            example = "2026-03-02T00:00:00Z")
                    @RequestParam(required = false)
                    @Nullable
                    Instant to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return ops.logs(user.id(), id, level, from, to, PageRequest.of(limit, cursor));
    }

    @GetMapping("/devices/{id}/status-events")
    @Operation(
            operationId = "listDeviceStatusEvents",
            summary = "Status history of a device (viewer)",
            description = "Newest first: kind reported (with the status and detail the device sent), offline (the "
                    + "server saw no request within the inactivity timeout) and online (seen for the first time, or again after being offline). "
                    + "Cursor pages (limit 1..200, default 50).")
    Page<StatusEvent> statusEvents(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return ops.statusEvents(user.id(), id, PageRequest.of(limit, cursor));
    }
}
