package io.strideline.activity;

import io.strideline.activity.ActivityRepository.Filter;
import io.strideline.activity.StatsService.Stats;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Activities", description = "My history of runs and other activities, and statistics")
class ActivityController {

    record ActivityChanges(
            @Nullable String title,
            @Nullable String notes,
            @Nullable String visibility) {}

    private final ActivityService activities;
    private final StatsService stats;

    ActivityController(ActivityService activities, StatsService stats) {
        this.activities = activities;
        this.stats = stats;
    }

    @GetMapping("/activities")
    @Operation(
            operationId = "listActivities",
            summary = "My activities, newest first",
            description = "Filters: type (run, walk, ride, hike, swim, workout, other), from (inclusive) and to "
                    + "(exclusive) on started_at, ISO-8601 instants. Cursor pages: limit 1..200 (default 50), "
                    + "cursor = next_cursor of the previous page.")
    Page<ActivityView> list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable Instant from,
            @RequestParam(required = false) @Nullable Instant to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return activities.list(user.id(), new Filter(type, from, to), PageRequest.of(limit, cursor));
    }

    @GetMapping("/activities/{id}")
    @Operation(
            operationId = "getActivity",
            summary = "One of my activities",
            description = "include=streams adds the GPS track as parallel arrays t, lat, lon, ele, hr. "
                    + "404 for unknown ids and for other people's activities.")
    ActivityView get(
            CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) @Nullable String include) {
        return activities.get(user.id(), id, "streams".equals(include));
    }

    @PatchMapping("/activities/{id}")
    @Operation(
            operationId = "updateActivity",
            summary = "Change title, notes or visibility",
            description = "Only the fields sent change. visibility: private, friends or public.")
    ActivityView update(CurrentUser user, @PathVariable UUID id, @RequestBody ActivityChanges changes) {
        return activities.update(user.id(), id, changes.title(), changes.notes(), changes.visibility());
    }

    @DeleteMapping("/activities/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteActivity",
            summary = "Delete an activity",
            description = "Its track goes with it; statistics follow at once.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        activities.delete(user.id(), id);
    }

    @GetMapping("/stats")
    @Operation(
            operationId = "getStats",
            summary = "My statistics",
            description = "Totals (count, distance, duration, AI metrics: obstacles, warnings, lane deviations, "
                    + "mean lane-keeping accuracy), the same per week (Monday first), month and year in my time "
                    + "zone (only periods with activity, newest first), and personal bests: the longest run and "
                    + "the fastest average pace over at least 1 km. Optional type filter.")
    Stats stats(
            CurrentUser user,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(defaultValue = "12") int weeks,
            @RequestParam(defaultValue = "12") int months,
            @RequestParam(defaultValue = "5") int years) {
        return stats.stats(user.id(), type, weeks, months, years);
    }
}
