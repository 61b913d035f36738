package io.strideline.activity;

import io.strideline.activity.WorkoutRepository.CatalogueExercise;
import io.strideline.activity.WorkoutService.NewExercise;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Activities", description = "My history of runs and other activities, and statistics")
class WorkoutController {

    private final WorkoutService workouts;

    WorkoutController(WorkoutService workouts) {
        this.workouts = workouts;
    }

    @Created(location = "/api/v1/activities/{id}", duplicateIs200 = true)
    @PostMapping("/activities")
    @Operation(
            operationId = "logActivity",
            summary = "Log an activity by hand",
            description = "type, name, started_at, ended_at or duration_seconds, distance_meters?, notes?, "
                    + "visibility (default my default_visibility), map_visibility? and heart_rate_visibility? "
                    + "(never wider than visibility: 422, as in PATCH; default mine, narrowed to visibility), track? (parallel arrays {t, lat, lon, ele?, hr?} as for "
                    + "device runs), weather? (a JSON object of at most 4 KB), client_id? (a UUID: sending it "
                    + "again answers 200 with the stored activity instead of 201) and, for a workout only, "
                    + "exercises: [{exercise_id, sets: [{reps?, weight_kg?, duration_seconds?, distance_meters?, "
                    + "rest_seconds?}]}] (at most 50 exercises of 100 sets; exercise_id from GET /exercises). "
                    + "Every invalid field is named in one 422 (an unknown type or visibility is reported on its own). "
                    + "Counts in "
                    + "statistics and goals at once.")
    ResponseEntity<ActivityView> log(CurrentUser user, @RequestBody ManualActivity activity) {
        var upload = workouts.log(user.id(), activity);
        return ResponseEntity.status(upload.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(upload.activity());
    }

    @GetMapping("/exercises")
    @Operation(
            operationId = "listExercises",
            summary = "The exercise catalogue",
            description = "Shared exercises and my own (custom = true), ordered by name (case-insensitive). "
                    + "Cursor pages: limit 1..200 (default 50), cursor = next_cursor of the previous page.")
    Page<CatalogueExercise> exercises(
            CurrentUser user,
            @Parameter(description = "A case-insensitive part of the name, at most 100 characters.", example = "squat")
                    @RequestParam(required = false)
                    @Nullable
                    String query,
            @Parameter(description = "Only exercises of this category; default all.", example = "strength")
                    @RequestParam(required = false)
                    @Nullable
                    ExerciseCategory category,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return workouts.exercises(user.id(), query, category, limit, cursor);
    }

    @PostMapping("/exercises")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createExercise",
            summary = "Add a private exercise",
            description = "name (1..100 characters), category, muscle_groups? (up to 20), equipment?. Only I see "
                    + "it in the catalogue and only I can use it in workouts. The answer is the new exercise.")
    CatalogueExercise addExercise(CurrentUser user, @RequestBody NewExercise exercise) {
        return workouts.addExercise(user.id(), exercise);
    }
}
