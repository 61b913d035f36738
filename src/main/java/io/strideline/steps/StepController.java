package io.strideline.steps;

import io.strideline.platform.CurrentDevice;
import io.strideline.platform.CurrentUser;
import io.strideline.steps.StepService.Daily;
import io.strideline.steps.StepService.Range;
import io.strideline.steps.StepService.StepStats;
import io.strideline.steps.StepService.SyncResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Steps", description = "Daily step counts from phones and step-counting devices")
class StepController {

    @Schema(description = "Days of steps synced by my app.", example = """
                    {"source": "app", "steps": [{"date": "2026-03-01", "steps": 11432, "distance_meters": 8120.5, \
                    "calories": 410, "active_minutes": 74}]}""")
    record Sync(
            @Schema(
                    description = "app (counted by the phone; the default) or manual (typed in), so that "
                            + "typed-in days do not overwrite what the phone counted.",
                    example = "app")
            @Nullable
            StepSource source,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Days to store, 1 to 366.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(implementation = StepService.StepInput.class),
                    minItems = 1,
                    maxItems = StepService.MAX_ITEMS)
            @Nullable
            List<JsonNode> steps) {}

    @Schema(
            description = "Days of steps synced by a device; they are stored with the device as their source.",
            example = """
                    {"steps": [{"date": "2026-03-01", "steps": 11432}]}""")
    record DeviceSync(
            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Days to store, 1 to 366.",
                                    requiredMode = Schema.RequiredMode.REQUIRED),
                    schema = @Schema(implementation = StepService.StepInput.class),
                    minItems = 1,
                    maxItems = StepService.MAX_ITEMS)
            @Nullable
            List<JsonNode> steps) {}

    private static final String SYNC = "{steps: [{date, steps, distance_meters?, calories?, active_minutes?}]}, "
            + "1 to 366 days; date is the local calendar day. One row per day and source: syncing a day again "
            + "replaces that source's numbers (never adds to them). Each day is judged on its own (steps 0..200000, "
            + "date from 2000-01-01 to today in my time zone, no date twice): the answer (200) has one result per "
            + "item, stored or rejected with its problem, and the valid days are kept.";

    private final StepService steps;

    StepController(StepService steps) {
        this.steps = steps;
    }

    @PostMapping("/steps/sync")
    @Operation(
            operationId = "syncSteps",
            summary = "Sync daily steps from my app",
            description = SYNC + " source: app (default) or manual, so that typed-in days do not overwrite "
                    + "what the phone counted. A body without steps or with more than 366 is 422 on field steps.")
    SyncResult sync(CurrentUser user, @RequestBody Sync sync) {
        return steps.syncFromUser(user.id(), sync.source(), sync.steps());
    }

    @PostMapping("/device/steps/sync")
    @SecurityRequirement(name = "device")
    @Operation(
            operationId = "syncDeviceSteps",
            summary = "Sync daily steps from a device",
            description = SYNC + " The days belong to the person the device is paired with, with the device as "
                    + "source; 403 not_a_personal_device for a device of an organization.")
    @ApiResponse(
            responseCode = "403",
            description = "code: not_a_personal_device (the device belongs to an organization, not a person)")
    @ApiResponse(responseCode = "200", description = "One result per day, in order.", useReturnTypeSchema = true)
    SyncResult deviceSync(CurrentDevice device, @RequestBody DeviceSync sync) {
        return steps.syncFromDevice(device, sync.steps());
    }

    @GetMapping("/steps/daily")
    @Operation(
            operationId = "getDailySteps",
            summary = "My steps of one day",
            description = "date (default: today in my time zone). steps is the maximum over sources (phone, devices, "
                    + "manual): two sources usually count the same steps, so summing them would double count. "
                    + "distance, calories and active minutes come from that same source; sources lists them all.")
    Daily daily(
            CurrentUser user,
            @Parameter(description = "The local day (ISO date); default today in my time zone.", example = "2026-03-01")
                    @RequestParam(required = false)
                    @Nullable
                    LocalDate date) {
        return steps.daily(user.id(), date);
    }

    @GetMapping("/steps/range")
    @Operation(
            operationId = "getStepRange",
            summary = "My steps per day over a range",
            description = "from and to (inclusive, at most 366 days): one entry per day with data (maximum over "
                    + "sources), and the total.")
    Range range(
            CurrentUser user,
            @Parameter(description = "First day (ISO date), inclusive.", example = "2026-03-01", required = true)
                    @RequestParam(required = false)
                    @Nullable
                    LocalDate from,
            @Parameter(
                            description = "Last day (ISO date), inclusive, at most 365 days after from.",
                            required = true,
                            example = "2026-03-07")
                    @RequestParam(required = false)
                    @Nullable
                    LocalDate to) {
        return steps.range(user.id(), from, to);
    }

    @GetMapping("/steps/stats")
    @Operation(
            operationId = "getStepStats",
            summary = "My step statistics",
            description = "In my time zone: this week (Monday first), month and year so far with total, distance, "
                    + "days with data and the average over those days; the best day of the last 365 days; the "
                    + "current streak of days reaching daily_goal (default 10000), alive while today or yesterday "
                    + "reached it (counted up to 1000 days).")
    StepStats stats(
            CurrentUser user,
            @Parameter(
                            description = "Steps a day must reach for the streak, 1..200,000; default 10000.",
                            example = "10000")
                    @RequestParam(name = "daily_goal", required = false)
                    @Nullable
                    Integer dailyGoal) {
        return steps.stats(user.id(), dailyGoal);
    }
}
