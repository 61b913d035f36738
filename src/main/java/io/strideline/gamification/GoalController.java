package io.strideline.gamification;

import io.strideline.gamification.GoalService.GoalChanges;
import io.strideline.gamification.GoalService.GoalView;
import io.strideline.gamification.GoalService.NewGoal;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
@RequestMapping("/api/v1/goals")
@Tag(name = "Goals", description = "My daily, weekly, monthly and custom goals with their progress")
class GoalController {

    private final GoalService goals;

    GoalController(GoalService goals) {
        this.goals = goals;
    }

    @GetMapping
    @Operation(
            operationId = "listGoals",
            summary = "My goals, newest first",
            description = "Each with the progress of its current period (without history). Cursor pages: "
                    + "limit 1..200 (default 50), cursor = next_cursor of the previous page.")
    Page<GoalView> list(
            CurrentUser user,
            @Parameter(description = "Only active (true) or only inactive (false) goals; default all.")
                    @RequestParam(required = false)
                    @Nullable
                    Boolean active,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return goals.list(user.id(), active, PageRequest.of(limit, cursor));
    }

    @Created(location = "/api/v1/goals/{id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createGoal",
            summary = "Set a goal",
            description = "period: daily, weekly (Monday to Sunday), monthly or custom (one period from start_date "
                    + "to end_date, both required); metric: steps, distance (metres), duration (seconds) or "
                    + "activity_count; target > 0; activity_type? (not with steps) counts only that type; "
                    + "start_date (default today in my time zone); end_date?; active (default true). Progress "
                    + "is computed from my activities and steps in my time zone. The answer is the goal with the "
                    + "history of its last 8 periods.")
    GoalView create(CurrentUser user, @RequestBody NewGoal goal) {
        return goals.create(user.id(), goal);
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getGoal",
            summary = "One of my goals with its history",
            description = "progress: the current period (value, target, percent, met); history: this and up to "
                    + "periods-1 earlier periods (periods 1..52, default 8), newest first, never before "
                    + "start_date. 404 for other people's goals.")
    GoalView get(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "How many periods of history, 1..52; default 8.", example = "8")
                    @RequestParam(required = false)
                    @Nullable
                    Integer periods) {
        return goals.get(user.id(), id, periods);
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "updateGoal",
            summary = "Change a goal",
            description = "title, target, end_date, active; only the fields sent change. Period and metric stay: "
                    + "set a new goal for those. 404 for other people's goals.")
    GoalView update(CurrentUser user, @PathVariable UUID id, @RequestBody GoalChanges changes) {
        return goals.update(user.id(), id, changes);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteGoal",
            summary = "Delete a goal",
            description = "404 for unknown ids and other people's goals.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        goals.delete(user.id(), id);
    }
}
