package io.strideline.activity;

import io.strideline.activity.ActivityView.WorkoutExercise;
import io.strideline.activity.ActivityView.WorkoutSet;
import io.strideline.identity.Privacy.ActivityDefaults;
import io.strideline.identity.Visibility;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Activities logged by hand, their exercises and sets, and the exercise catalogue. */
@Repository
class WorkoutRepository {

    @Schema(description = "An exercise of the catalogue: a shared one or one of my own (custom).")
    record CatalogueExercise(
            @Schema(description = "The exercise's id, for exercises[].exercise_id of a workout.")
            UUID id,

            @Schema(description = "Its name, 1 to 100 characters.", example = "Back squat")
            String name,

            @Schema(description = "Its category.", example = "strength")
            ExerciseCategory category,

            @Schema(
                    description = "Muscle groups it trains, lower case; may be empty.",
                    example = "[\"quadriceps\", \"glutes\"]")
            List<String> muscleGroups,

            @Schema(description = "Equipment it needs, free text.", example = "barbell") @Nullable
            String equipment,

            @Schema(
                    description = "true for my own exercise (POST /exercises), false for a shared one.",
                    example = "false")
            boolean custom) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    WorkoutRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inserts unless this person already logged this client_id; the new id, or empty for a duplicate. */
    Optional<UUID> insertManual(
            UUID id, UUID userId, ManualActivity a, @Nullable String weatherJson, ActivityDefaults defaults) {
        var visibility = a.visibility() == null ? defaults.visibility() : a.visibility();
        return jdbc.sql("""
                        insert into activities (id, user_id, client_id, type, title, notes, started_at, ended_at,
                            duration_s, distance_m, avg_speed_kmh, has_track, visibility, map_visibility,
                            heart_rate_visibility, weather, received_at, updated_at)
                        values (:id, :user, :client, :type, :title, :notes, :started, :ended, :duration, :distance,
                            :avgSpeed, :hasTrack, :visibility, :mapVisibility, :hrVisibility, cast(:weather as jsonb),
                            :now, :now)
                        on conflict (user_id, client_id) where device_id is null do nothing
                        returning id
                        """)
                .param("now", Sql.now(clock))
                .param("id", id)
                .param("user", userId)
                .param("client", a.clientId())
                .param(
                        "type",
                        Objects.requireNonNull(a.type(), "checked by the validation")
                                .wire())
                .param("title", a.name())
                .param("notes", a.notes())
                .param("started", Sql.ts(a.startedAt()))
                .param("ended", Sql.ts(a.end()))
                .param("duration", a.duration())
                .param("distance", a.distanceMeters() == null ? 0.0 : a.distanceMeters())
                .param(
                        "avgSpeed",
                        a.distanceMeters() == null || a.duration() == 0
                                ? null
                                : a.distanceMeters() / a.duration() * 3.6)
                .param("hasTrack", a.track() != null)
                .param("visibility", visibility.wire())
                .param("mapVisibility", facet(a.mapVisibility(), defaults.map(), visibility))
                .param("hrVisibility", facet(a.heartRateVisibility(), defaults.heartRate(), visibility))
                .param("weather", weatherJson)
                .query(UUID.class)
                .optional();
    }

    /** A facet sent was checked against the visibility already; a default one is narrowed to it. */
    private static String facet(@Nullable Visibility sent, Visibility byDefault, Visibility visibility) {
        return (sent != null ? sent : byDefault.atMost(visibility)).wire();
    }

    Optional<UUID> idOfClientRecord(UUID userId, UUID clientId) {
        return jdbc.sql("select id from activities where user_id = ? and client_id = ? and device_id is null")
                .params(userId, clientId)
                .query(UUID.class)
                .optional();
    }

    void insertExercises(UUID activityId, List<ManualActivity.Exercise> exercises) {
        for (int i = 0; i < exercises.size(); i++) {
            var exercise = exercises.get(i);
            jdbc.sql("insert into activity_exercises (activity_id, position, exercise_id) values (?, ?, ?)")
                    .params(activityId, i, exercise.exerciseId())
                    .update();
            var sets = exercise.sets() == null ? List.<ManualActivity.ExerciseSet>of() : exercise.sets();
            for (int j = 0; j < sets.size(); j++) {
                var s = sets.get(j);
                jdbc.sql("""
                                insert into activity_sets (activity_id, exercise_position, position, reps, weight_kg,
                                    duration_s, distance_m, rest_s)
                                values (?, ?, ?, ?, ?, ?, ?, ?)
                                """)
                        .params(
                                activityId,
                                i,
                                j,
                                s.reps(),
                                s.weightKg(),
                                s.durationSeconds(),
                                s.distanceMeters(),
                                s.restSeconds())
                        .update();
            }
        }
    }

    List<WorkoutExercise> exercisesOf(UUID activityId) {
        var byPosition = new LinkedHashMap<Integer, WorkoutExercise>();
        jdbc.sql("""
                        select ae.position, ae.exercise_id, e.name, e.category
                        from activity_exercises ae join exercises e on e.id = ae.exercise_id
                        where ae.activity_id = ? order by ae.position
                        """)
                .param(activityId)
                .query((rs, n) -> byPosition.put(
                        rs.getInt("position"),
                        new WorkoutExercise(
                                rs.getObject("exercise_id", UUID.class),
                                rs.getString("name"),
                                ExerciseCategory.of(rs.getString("category")),
                                new ArrayList<>())))
                .list();
        jdbc.sql("""
                        select exercise_position, reps, weight_kg, duration_s, distance_m, rest_s
                        from activity_sets where activity_id = ? order by exercise_position, position
                        """)
                .param(activityId)
                .query((rs, n) -> Objects.requireNonNull(
                                byPosition.get(rs.getInt("exercise_position")), "sets belong to an exercise")
                        .sets()
                        .add(new WorkoutSet(
                                rs.getObject("reps", Integer.class),
                                rs.getObject("weight_kg", Double.class),
                                rs.getObject("duration_s", Integer.class),
                                rs.getObject("distance_m", Double.class),
                                rs.getObject("rest_s", Integer.class))))
                .list();
        return List.copyOf(byPosition.values());
    }

    // --- the catalogue

    /** Of these ids, those this person may use: shared ones and their own. */
    Set<UUID> usable(UUID userId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("select id from exercises where id = any(?) and (owner_id is null or owner_id = ?)")
                .params(ids.toArray(UUID[]::new), userId)
                .query(UUID.class)
                .list());
    }

    /**
     * Shared and own exercises ordered by name, keyset-paged on (lower(name), id); query matches a
     * case-insensitive substring (strpos, so % and _ in it are plain characters).
     */
    List<CatalogueExercise> search(
            UUID userId,
            @Nullable String query,
            @Nullable ExerciseCategory category,
            @Nullable String afterName,
            @Nullable UUID afterId,
            int fetch) {
        return jdbc.sql("""
                        select id, name, category, muscle_groups, equipment, owner_id is not null as custom
                        from exercises
                        where (owner_id is null or owner_id = :user)
                          and (cast(:query as text) is null or strpos(lower(name), lower(cast(:query as text))) > 0)
                          and (cast(:category as text) is null or category = :category)
                          and (cast(:afterName as text) is null or (lower(name), id) > (:afterName, :afterId))
                        order by lower(name), id
                        limit :fetch
                        """)
                .param("user", userId)
                .param("query", query)
                .param("category", category == null ? null : category.wire())
                .param("afterName", afterName)
                .param("afterId", afterId)
                .param("fetch", fetch)
                .query(this::exercise)
                .list();
    }

    CatalogueExercise insertExercise(
            UUID id,
            UUID ownerId,
            String name,
            ExerciseCategory category,
            List<String> muscleGroups,
            @Nullable String equipment) {
        jdbc.sql("""
                        insert into exercises (id, owner_id, name, category, muscle_groups, equipment, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        id,
                        ownerId,
                        name,
                        category.wire(),
                        muscleGroups.toArray(String[]::new),
                        equipment,
                        Sql.now(clock))
                .update();
        return new CatalogueExercise(id, name, category, muscleGroups, equipment, true);
    }

    private CatalogueExercise exercise(ResultSet rs, int row) throws SQLException {
        return new CatalogueExercise(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                ExerciseCategory.of(rs.getString("category")),
                Arrays.asList((String[]) rs.getArray("muscle_groups").getArray()),
                rs.getString("equipment"),
                rs.getBoolean("custom"));
    }
}
