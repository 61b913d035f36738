package io.strideline.device;

import io.strideline.device.CommandRepository.Command;
import io.strideline.device.CommandService.CommandRequest;
import io.strideline.device.CommandService.ResultAnswer;
import io.strideline.device.CommandService.ResultReport;
import io.strideline.platform.CurrentDevice;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Device commands", description = "Commands from people to devices, polled by the device")
class CommandController {

    @Schema(description = "Commands for the device, oldest first; now marked delivered.")
    record Polled(
            @Schema(description = "At most limit commands; empty when there is nothing to do.")
            List<DeviceCommand> items) {}

    private final CommandService commands;

    CommandController(CommandService commands) {
        this.commands = commands;
    }

    @PostMapping("/devices/{id}/commands")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "sendDeviceCommand",
            summary = "Send a command to a device (member)",
            description = "{name ([a-z0-9_.-], 1..64), params? (object, at most 16 KB), expires_in_s? (1..604800, "
                    + "default 3600), max_retries? (0..10, default 0), result_timeout_s? (1..86400, default 300)}. "
                    + "The command is queued until the device polls GET /device/commands. Not delivered before "
                    + "expires_at: expired. Delivered but no result within result_timeout_s: delivered again while "
                    + "attempts <= max_retries, else failed with failure_reason timeout. Viewers get 403.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the member role.")
    Command send(CurrentUser user, @PathVariable UUID id, @RequestBody CommandRequest body) {
        return commands.send(user.id(), id, body);
    }

    @GetMapping("/devices/{id}/commands")
    @Operation(
            operationId = "listDeviceCommands",
            summary = "Commands of a device (viewer)",
            description = "Newest first, with state (queued, delivered, succeeded, failed, expired), attempts, "
                    + "result, failure_reason and the times queued_at, delivered_at (the latest delivery), "
                    + "deadline_at (a result is due by then), completed_at, expires_at. state= narrows to one "
                    + "state; cursor pages (limit 1..200, default 50).")
    Page<Command> list(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "Only commands in this state.") @RequestParam(required = false) @Nullable
                    CommandState state,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return commands.list(user.id(), id, state, PageRequest.of(limit, cursor));
    }

    @GetMapping("/device/commands")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "pollCommands",
            summary = "Poll for commands (device token)",
            description = "Answers {items: [{id, name, params, expires_at, attempt}]}, oldest first (at most limit, "
                    + "1..20, default 20), and marks them delivered. A delivered command whose result is overdue "
                    + "comes again while retries are left (attempt counts up). Two polls at once never get the "
                    + "same command.")
    Polled poll(
            CurrentDevice device,
            @Parameter(description = "Most commands to hand out, 1 to 20 (default 20).")
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit) {
        return new Polled(commands.poll(device.id(), limit));
    }

    @PostMapping("/device/commands/{commandId}/result")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "reportCommandResult",
            summary = "Report a command's result (device token)",
            description = "{status: succeeded|failed, result? (object, at most 16 KB)}. Completes the command, also "
                    + "when its delivery was not recorded. The same status again answers 200 and changes nothing; "
                    + "another status for a completed (or expired) command is 409 command_completed. Another "
                    + "device's command: 404.")
    @ApiResponse(responseCode = "200", description = "Recorded (or the same status again: nothing changed).")
    @ApiResponse(
            responseCode = "409",
            description = "command_completed: the command already completed (or expired) with another outcome.")
    ResultAnswer result(CurrentDevice device, @PathVariable UUID commandId, @RequestBody ResultReport body) {
        return commands.report(device.id(), commandId, body);
    }
}
