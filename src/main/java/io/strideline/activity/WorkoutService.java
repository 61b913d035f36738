package io.strideline.activity;

import io.strideline.activity.WorkoutRepository.CatalogueExercise;
import io.strideline.identity.Privacy;
import io.strideline.identity.UserTimezones;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/** Activities logged by hand (any type, workouts with exercises and sets) and the exercise catalogue. */
@Service
class WorkoutService {

    @Schema(description = "A private exercise for my catalogue.", example = """
                    {"name": "Bulgarian split squat", "category": "strength", "muscle_groups": ["quadriceps", \
                    "glutes"], "equipment": "dumbbells"}""")
    record NewExercise(
            @Schema(
                    description = "Its name, 1 to 100 characters.",
                    example = "Bulgarian split squat",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String name,

            @Schema(description = "Its category.", example = "strength", requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            ExerciseCategory category,

            @ArraySchema(
                    arraySchema =
                            @Schema(
                                    description = "Muscle groups it trains, at most 20 of 1 to 50 "
                                            + "characters (stored in lower case); default none."),
                    schema = @Schema(example = "quadriceps"),
                    maxItems = 20)
            @Nullable
            List<String> muscleGroups,

            @Schema(description = "Equipment it needs, at most 100 characters.", example = "dumbbells") @Nullable
            String equipment) {}

    private final WorkoutRepository workouts;
    private final ActivityRepository activities;
    private final ActivityDuplicates duplicates;
    private final ActivityService activityService;
    private final UserTimezones timezones;
    private final Privacy privacy;
    private final ObjectMapper json;
    private final Clock clock;
    private final TrackAnalyses analyses;
    private final ApplicationEventPublisher events;

    WorkoutService(
            WorkoutRepository workouts,
            ActivityRepository activities,
            ActivityDuplicates duplicates,
            ActivityService activityService,
            UserTimezones timezones,
            Privacy privacy,
            ObjectMapper json,
            Clock clock,
            TrackAnalyses analyses,
            ApplicationEventPublisher events) {
        this.workouts = workouts;
        this.activities = activities;
        this.duplicates = duplicates;
        this.activityService = activityService;
        this.timezones = timezones;
        this.privacy = privacy;
        this.json = json;
        this.clock = clock;
        this.analyses = analyses;
        this.events = events;
    }

    /**
     * Stores a hand-logged activity in one transaction (summary, track, exercises, daily totals).
     * With a client_id the same person sending it again changes nothing and gets the stored one.
     */
    @Transactional
    ActivityService.Upload log(UUID userId, ManualActivity activity) {
        String weather = activity.weather() == null || activity.weather().isNull()
                ? null
                : json.writeValueAsString(activity.weather());
        int weatherBytes = weather == null ? 0 : weather.getBytes(StandardCharsets.UTF_8).length;
        var v = activity.validate(clock.instant(), weatherBytes);
        checkExercisesUsable(v, userId, activity.exercises());
        var defaults = privacy.activityDefaults(userId);
        var visibility = activity.visibility();
        ActivityService.checkFacets(
                v,
                visibility != null ? visibility : defaults.visibility(),
                activity.mapVisibility(),
                activity.heartRateVisibility());
        v.throwIfInvalid();
        activities.lockTotals(userId);
        var inserted = workouts.insertManual(Ids.newId(), userId, activity, weather, defaults);
        if (inserted.isEmpty()) {
            UUID existing = workouts.idOfClientRecord(userId, Objects.requireNonNull(activity.clientId()))
                    .orElseThrow(() -> new IllegalStateException("conflicting row vanished"));
            return new ActivityService.Upload(activityService.get(userId, existing, false), false);
        }
        UUID id = inserted.get();
        if (activity.track() != null) {
            activities.insertStreams(id, activity.track());
            analyses.store(
                    id, activity.track(), TrackAnalyses.stated(activity.distanceMeters(), activity.durationSeconds()));
        }
        if (activity.exercises() != null) {
            workouts.insertExercises(id, activity.exercises());
        }
        duplicates.markIfDuplicate(id);
        activities.addToDailyTotals(id, timezones.of(userId));
        events.publishEvent(new ActivityChanged(userId, id, true, false));
        return new ActivityService.Upload(activityService.get(userId, id, false), true);
    }

    /** Someone else's private exercise is as unknown as a made-up id. */
    private void checkExercisesUsable(Validation v, UUID userId, @Nullable List<ManualActivity.Exercise> exercises) {
        if (exercises == null || exercises.size() > ManualActivity.MAX_EXERCISES) {
            return;
        }
        var ids = exercises.stream()
                .filter(Objects::nonNull)
                .map(ManualActivity.Exercise::exerciseId)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        var usable = workouts.usable(userId, ids);
        for (int i = 0; i < exercises.size(); i++) {
            var e = exercises.get(i);
            if (e != null && e.exerciseId() != null) {
                v.check(
                        usable.contains(e.exerciseId()),
                        "exercises[" + i + "].exercise_id",
                        "is not an exercise of the catalogue or one of yours");
            }
        }
    }

    Page<CatalogueExercise> exercises(
            UUID userId,
            @Nullable String query,
            @Nullable ExerciseCategory category,
            @Nullable Integer limit,
            @Nullable String cursor) {
        int size = limit == null ? PageRequest.DEFAULT_LIMIT : limit;
        new Validation()
                .check(size >= 1 && size <= PageRequest.MAX_LIMIT, "limit", "must be between 1 and 200")
                .check(query == null || query.length() <= 100, "query", "must have at most 100 characters")
                .throwIfInvalid();
        String afterName = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int cut = raw.lastIndexOf('\n');
                afterName = raw.substring(0, cut);
                afterId = UUID.fromString(raw.substring(cut + 1));
            } catch (RuntimeException e) {
                throw ApiException.invalid("cursor", "is not a cursor this server issued");
            }
        }
        String q = query == null || query.isBlank() ? null : query.strip();
        var rows = workouts.search(userId, q, category, afterName, afterId, size + 1);
        return Page.of(
                rows,
                size,
                e -> Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((e.name().toLowerCase(java.util.Locale.ROOT) + "\n" + e.id())
                                .getBytes(StandardCharsets.UTF_8)));
    }

    @Transactional
    CatalogueExercise addExercise(UUID userId, NewExercise e) {
        var v = new Validation()
                .check(
                        e.name() != null && !e.name().isBlank() && e.name().length() <= 100,
                        "name",
                        "must have 1 to 100 characters")
                .check(e.category() != null, "category", "is required")
                .check(
                        e.equipment() == null || e.equipment().length() <= 100,
                        "equipment",
                        "must have at most 100 characters");
        var groups = e.muscleGroups() == null ? List.<String>of() : e.muscleGroups();
        v.check(groups.size() <= 20, "muscle_groups", "at most 20 entries");
        var cleaned = new ArrayList<String>();
        for (int i = 0; i < Math.min(groups.size(), 20); i++) {
            String g = groups.get(i);
            v.check(
                    g != null && !g.isBlank() && g.length() <= 50,
                    "muscle_groups[" + i + "]",
                    "must have 1 to 50 characters");
            if (g != null) {
                cleaned.add(g.strip().toLowerCase(java.util.Locale.ROOT));
            }
        }
        v.throwIfInvalid();
        return workouts.insertExercise(
                Ids.newId(),
                userId,
                Objects.requireNonNull(e.name(), "checked by the validation above")
                        .strip(),
                Objects.requireNonNull(e.category(), "checked by the validation above"),
                List.copyOf(cleaned),
                e.equipment());
    }
}
