package io.strideline.activity;

import io.strideline.activity.ActivityRepository.Filter;
import io.strideline.activity.StatsService.Stats;
import io.strideline.identity.Visibility;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Optional;
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

    @Schema(description = "Changes to an activity: only the fields sent (and not null) change.")
    record ActivityChanges(
            @Schema(description = "New title, at most 200 characters.", example = "Tempo run") @Nullable
            String title,

            @Schema(description = "New notes, at most 5000 characters.", example = "Negative split.") @Nullable
            String notes,

            @Schema(
                    description =
                            "New visibility; map and heart rate visibilities wider than it are narrowed to " + "it.",
                    example = "friends")
            @Nullable
            Visibility visibility,

            @Schema(
                    description = "Who sees the map (track, start, end); not wider than visibility (422).",
                    example = "friends")
            @Nullable
            Visibility mapVisibility,

            @Schema(description = "Who sees the heart rate; not wider than visibility (422).", example = "private")
            @Nullable
            Visibility heartRateVisibility,

            @Schema(
                    description = "Only null is accepted: sent as null, it says this activity is not a duplicate of "
                            + "the one its duplicate_of names, and it then earns XP and counts for badges, challenges "
                            + "and leaderboards like any activity (sending it again changes nothing). An id is "
                            + "refused (422 naming duplicate_of): the server alone marks duplicates. Left out, "
                            + "nothing changes.",
                    types = {"string", "null"},
                    format = "uuid")
            @Nullable
            Optional<UUID> duplicateOf) {}

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
            description = "Ordered by started_at, newest first. Filters: type, from (inclusive) and to "
                    + "(exclusive) on started_at. Without streams and exercises (GET /activities/{id} has "
                    + "them). Cursor pages: limit 1..200 (default 50), cursor = next_cursor of the previous page.")
    Page<ActivityView> list(
            CurrentUser user,
            @Parameter(description = "Only activities of this type; default all.", example = "run")
                    @RequestParam(required = false)
                    @Nullable
                    ActivityType type,
            @Parameter(
                            description = "Only activities started at or after this instant (ISO-8601).",
                            example = "2026-03-01T00:00:00Z")
                    @RequestParam(required = false)
                    @Nullable
                    Instant from,
            @Parameter(
                            description = "Only activities started before this instant (ISO-8601), after from.",
                            example = "2026-04-01T00:00:00Z")
                    @RequestParam(required = false)
                    @Nullable
                    Instant to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return activities.list(user.id(), new Filter(type, from, to), PageRequest.of(limit, cursor));
    }

    @GetMapping("/users/{user_id}/activities")
    @Operation(
            operationId = "listUserActivities",
            summary = "Someone's activities, as I may see them",
            description = "Newest first, the activities of this person whose visibility lets me see them (public; "
                    + "friends for their friends; all of them for myself), with their map and heart rate only as "
                    + "map_visibility and heart_rate_visibility allow. Same filters and cursor pages as GET "
                    + "/activities. 404 for an unknown person and, alike, between people where one blocked the "
                    + "other.")
    Page<ActivityView> listOf(
            CurrentUser user,
            @Parameter(description = "The person's id.") @PathVariable("user_id") UUID userId,
            @Parameter(description = "Only activities of this type; default all.", example = "run")
                    @RequestParam(required = false)
                    @Nullable
                    ActivityType type,
            @Parameter(description = "Only activities started at or after this instant (ISO-8601).")
                    @RequestParam(required = false)
                    @Nullable
                    Instant from,
            @Parameter(description = "Only activities started before this instant (ISO-8601), after from.")
                    @RequestParam(required = false)
                    @Nullable
                    Instant to,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return activities.listOf(user.id(), userId, new Filter(type, from, to), PageRequest.of(limit, cursor));
    }

    @GetMapping("/activities/{id}")
    @Operation(
            operationId = "getActivity",
            summary = "An activity: mine, or someone's I may see",
            description = "With its route analysis (activities with a track) and, for a workout, its exercises "
                    + "and sets. include=streams adds the recording as parallel arrays t, lat, lon, ele, hr, cad …. "
                    + "Someone else's activity only when its visibility lets me see it, and then without its map "
                    + "or heart rate unless map_visibility and heart_rate_visibility let me, and without the points "
                    + "inside the owner's privacy zones (cut by a larger, blurred circle per activity; see "
                    + "GET /me/privacy-zones). 404 alike for unknown ids and activities I may not see.")
    ActivityView get(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "streams: add the GPS track (streams) to the answer.", example = "streams")
                    @RequestParam(required = false)
                    @Nullable
                    ActivityInclude include) {
        return activities.view(user.id(), id, include == ActivityInclude.STREAMS);
    }

    @PatchMapping("/activities/{id}")
    @Operation(
            operationId = "updateActivity",
            summary = "Change title, notes or who sees it",
            description = "Only the fields sent (and not null) change; the answer is the activity as stored. 404 "
                    + "for unknown ids and for other people's activities.")
    ActivityView update(CurrentUser user, @PathVariable UUID id, @RequestBody ActivityChanges changes) {
        return activities.update(
                user.id(),
                id,
                changes.title(),
                changes.notes(),
                changes.visibility(),
                changes.mapVisibility(),
                changes.heartRateVisibility(),
                changes.duplicateOf());
    }

    @DeleteMapping("/activities/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteActivity",
            summary = "Delete an activity",
            description = "Its track, exercises and analysis go with it; statistics and goals follow at once. 404 "
                    + "for unknown ids and for other people's activities.")
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
                    + "the fastest average pace over at least 1 km. Optional type filter (totals and buckets).")
    Stats stats(
            CurrentUser user,
            @Parameter(description = "Only activities of this type; default all.", example = "run")
                    @RequestParam(required = false)
                    @Nullable
                    ActivityType type,
            @Parameter(description = "How many weeks back (this week included), 1..104.", example = "12")
                    @RequestParam(defaultValue = "12")
                    int weeks,
            @Parameter(description = "How many months back (this month included), 1..60.", example = "12")
                    @RequestParam(defaultValue = "12")
                    int months,
            @Parameter(description = "How many years back (this year included), 1..50.", example = "5")
                    @RequestParam(defaultValue = "5")
                    int years) {
        return stats.stats(user.id(), type, weeks, months, years);
    }
}
