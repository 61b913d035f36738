package io.strideline.activity;

import io.strideline.activity.ActivityView.Streams;
import io.strideline.identity.Privacy.ActivityDefaults;
import io.strideline.identity.Visibility;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.track.Difficulty;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@Repository
class ActivityRepository {

    /** Filters of the history list; nulls match everything. */
    record Filter(
            @Nullable ActivityType type,
            @Nullable Instant from,
            @Nullable Instant to) {}

    private static final String COLUMNS = """
            id, type, title, notes, started_at, ended_at, duration_s, distance_m, avg_speed_kmh, max_speed_kmh,
            steps, calories, avg_heart_rate, ai_metrics::text as ai_metrics, device_id, client_id, has_track,
            received_at, updated_at, visibility, weather::text as weather, analysis::text as analysis,
            elevation_gain_m, user_id, map_visibility, heart_rate_visibility, duplicate_of""";

    /** Adds (sign 1) or takes away (sign -1) the activities of CTE {@code a} to their days' totals. */
    private static final String ADD_TO_TOTALS = """
            insert into activity_daily_totals as d (user_id, type, local_date, activities, distance_m,
                duration_s, elevation_gain_m, obstacles, warnings, lane_deviations, lane_accuracy_sum,
                lane_accuracy_n)
            select a.user_id, a.type, (a.started_at at time zone :zone)::date, :sign,
                :sign * a.distance_m, :sign * a.duration_s, :sign * coalesce(a.elevation_gain_m, 0),
                :sign * coalesce((a.ai_metrics ->> 'obstacles_detected')::bigint, 0),
                :sign * coalesce((a.ai_metrics ->> 'warnings_issued')::bigint, 0),
                :sign * coalesce((a.ai_metrics ->> 'lane_deviations')::bigint, 0),
                :sign * coalesce((a.ai_metrics ->> 'lane_keeping_accuracy')::float8, 0),
                :sign * (case when a.ai_metrics ->> 'lane_keeping_accuracy' is null then 0 else 1 end)
            from a
            on conflict (user_id, type, local_date) do update set
                activities = d.activities + excluded.activities,
                distance_m = d.distance_m + excluded.distance_m,
                duration_s = d.duration_s + excluded.duration_s,
                elevation_gain_m = d.elevation_gain_m + excluded.elevation_gain_m,
                obstacles = d.obstacles + excluded.obstacles,
                warnings = d.warnings + excluded.warnings,
                lane_deviations = d.lane_deviations + excluded.lane_deviations,
                lane_accuracy_sum = d.lane_accuracy_sum + excluded.lane_accuracy_sum,
                lane_accuracy_n = d.lane_accuracy_n + excluded.lane_accuracy_n
            """;

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final RowMapper<ActivityView> views;
    private final Clock clock;

    ActivityRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.views = this::view;
    }

    /**
     * Inserts unless this device already sent this client_id, with the route analysis of its track;
     * the stored activity as {@link #find} reads it (defaults and JSON as the database normalizes
     * them), or empty for a duplicate. One statement instead of insert, update and select.
     */
    Optional<ActivityView> insertFromDevice(
            UUID id,
            UUID userId,
            UUID deviceId,
            RunUpload run,
            @Nullable ActivityAnalysis analysis,
            ActivityDefaults visibility) {
        return jdbc.sql("""
                        insert into activities (id, user_id, device_id, client_id, type, title, notes, started_at,
                            ended_at, duration_s, distance_m, avg_speed_kmh, max_speed_kmh, steps, calories,
                            avg_heart_rate, ai_metrics, has_track, analysis, elevation_gain_m, visibility,
                            map_visibility, heart_rate_visibility, received_at, updated_at)
                        values (:id, :user, :device, :client, 'run', :title, :notes, :started, :ended, :duration,
                            :distance, :avgSpeed, :maxSpeed, :steps, :calories, :hr, cast(:ai as jsonb), :hasTrack,
                            cast(:analysis as jsonb), :gain, :visibility, :mapVisibility, :hrVisibility, :now, :now)
                        on conflict (device_id, client_id) do nothing
                        returning
                        """ + COLUMNS)
                .param("now", Sql.now(clock))
                .param("id", id)
                .param("user", userId)
                .param("visibility", visibility.visibility().wire())
                .param("mapVisibility", visibility.map().wire())
                .param("hrVisibility", visibility.heartRate().wire())
                .param("device", deviceId)
                .param("client", run.clientId())
                .param("title", run.title())
                .param("notes", run.notes())
                .param("started", Sql.ts(run.startedAt()))
                .param("ended", Sql.ts(run.endedAt()))
                .param("duration", run.durationSeconds())
                .param("distance", run.distanceMeters())
                .param("avgSpeed", run.avgSpeedKmh())
                .param("maxSpeed", run.maxSpeedKmh())
                .param("steps", run.steps())
                .param("calories", run.calories())
                .param("hr", run.avgHeartRate())
                .param("ai", run.aiMetrics() == null ? null : json.writeValueAsString(run.aiMetrics()))
                .param("hasTrack", run.track() != null)
                .param("analysis", analysis == null ? null : json.writeValueAsString(analysis))
                .param(
                        "gain",
                        analysis == null || analysis.computed() == null
                                ? null
                                : analysis.computed().elevationGainMeters())
                .query(views)
                .optional();
    }

    Optional<UUID> idOfClientRecord(UUID deviceId, UUID clientId) {
        return jdbc.sql("select id from activities where device_id = ? and client_id = ?")
                .params(deviceId, clientId)
                .query(UUID.class)
                .optional();
    }

    void insertStreams(UUID activityId, RunUpload.Track track) {
        jdbc.sql("insert into activity_streams (activity_id, t, lat, lon, ele, hr) values (?, ?, ?, ?, ?, ?)")
                .params(
                        activityId,
                        Sql.array("float8", Objects.requireNonNull(track.t(), "a stored track has times")),
                        Sql.array("float8", Objects.requireNonNull(track.lat(), "a stored track has latitudes")),
                        Sql.array("float8", Objects.requireNonNull(track.lon(), "a stored track has longitudes")),
                        track.ele() == null ? null : Sql.array("float4", Sql.floats(track.ele())),
                        track.hr() == null ? null : Sql.array("int2", Sql.shorts(track.hr())))
                .update();
    }

    /** Newest first; only the given visibilities unless null (the owner's own list). */
    List<ActivityView> list(UUID userId, String @Nullable [] visibilities, Filter filter, PageRequest page) {
        var sql = new StringBuilder("select " + COLUMNS + " from activities where user_id = :user");
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        if (visibilities != null) {
            sql.append(" and visibility = any(:visibilities)");
            params.put("visibilities", visibilities);
        }
        if (filter.type() != null) {
            sql.append(" and type = :type");
            params.put("type", filter.type().wire());
        }
        if (filter.from() != null) {
            sql.append(" and started_at >= :from");
            params.put("from", Sql.ts(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and started_at < :to");
            params.put("to", Sql.ts(filter.to()));
        }
        var after = page.after();
        if (after != null) {
            sql.append(" and (started_at, id) < (:afterTime, :afterId)");
            params.put("afterTime", Sql.ts(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(" order by started_at desc, id desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString()).params(params).query(views).list();
    }

    /** Whoever's it is: the caller decides what the viewer may see of it. */
    Optional<ActivityView> findAny(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from activities where id = ?")
                .param(id)
                .query(views)
                .optional();
    }

    /** One query for a page of ids, whoever's they are. */
    List<ActivityView> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from activities where id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .query(views)
                .list();
    }

    /** Whose an activity is and who may see it: the few columns, on every upload's event. */
    Optional<SharedActivities.Audience> audience(UUID id) {
        return jdbc.sql("select id, user_id, visibility, started_at from activities where id = ?")
                .param(id)
                .query(this::audienceRow)
                .optional();
    }

    List<SharedActivities.Audience> latestAudience(UUID userId, String[] visibilities, int limit) {
        return jdbc.sql("""
                        select id, user_id, visibility, started_at from activities
                        where user_id = ? and visibility = any(?)
                        order by started_at desc, id desc limit ?
                        """)
                .params(userId, visibilities, limit)
                .query(this::audienceRow)
                .list();
    }

    private SharedActivities.Audience audienceRow(ResultSet rs, int row) throws SQLException {
        return new SharedActivities.Audience(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                Visibility.of(rs.getString("visibility")),
                Sql.instant(rs, "started_at"));
    }

    /** Count, distance and duration of a person's activities of the given visibilities. */
    SharedActivities.Totals totals(UUID userId, String[] visibilities) {
        return jdbc.sql("""
                        select count(*) as activities, coalesce(sum(distance_m), 0) as distance_meters,
                            coalesce(sum(duration_s), 0) as duration_seconds
                        from activities where user_id = ? and visibility = any(?)
                        """)
                .params(userId, visibilities)
                .query(SharedActivities.Totals.class)
                .single();
    }

    /**
     * Per person, what their activities started in [from, to) add up to: all of the viewer's own,
     * of the others those the viewer as a friend may see. Reads the history index per person.
     */
    Map<UUID, ActivityTotals.Totals> totalsBetween(
            UUID viewer,
            Collection<UUID> owners,
            Instant from,
            Instant to,
            @Nullable String type,
            Collection<UUID> excluded) {
        var out = new HashMap<UUID, ActivityTotals.Totals>();
        jdbc.sql("""
                        select user_id, count(*) as activities, coalesce(sum(distance_m), 0) as distance_m,
                            coalesce(sum(duration_s), 0) as duration_s,
                            coalesce(sum(elevation_gain_m), 0) as elevation_gain_m
                        from activities
                        where user_id = any(:owners) and started_at >= :from and started_at < :to
                          and (user_id = :viewer or visibility in ('friends', 'public'))
                          and (cast(:type as text) is null or type = :type)
                          and not (id = any(:excluded))
                        group by user_id
                        """)
                .param("owners", owners.toArray(UUID[]::new))
                .param("excluded", excluded.toArray(UUID[]::new))
                .param("from", Sql.ts(from))
                .param("to", Sql.ts(to))
                .param("viewer", viewer)
                .param("type", type)
                .query((rs, n) -> out.put(
                        rs.getObject("user_id", UUID.class),
                        new ActivityTotals.Totals(
                                rs.getLong("activities"),
                                rs.getDouble("distance_m"),
                                rs.getLong("duration_s"),
                                rs.getDouble("elevation_gain_m"))))
                .list();
        return out;
    }

    Optional<ActivityView> find(UUID userId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from activities where id = ? and user_id = ?")
                .params(id, userId)
                .query(views)
                .optional();
    }

    Optional<Streams> streams(UUID activityId) {
        return jdbc.sql("""
                        select t, lat, lon, ele, hr, cad, power, speed, temp, breaks
                        from activity_streams where activity_id = ?
                        """)
                .param(activityId)
                .query((rs, n) -> new Streams(
                        Objects.requireNonNull(values(rs, "t"), "t is not null"),
                        values(rs, "lat"),
                        values(rs, "lon"),
                        values(rs, "ele"),
                        values(rs, "hr"),
                        values(rs, "cad"),
                        values(rs, "power"),
                        values(rs, "speed"),
                        values(rs, "temp"),
                        Objects.requireNonNull(values(rs, "breaks"), "breaks is not null")))
                .optional();
    }

    /**
     * The owner's track only (the join on user_id makes another person's activity not found),
     * with the numbers the activity shows: its distance and climb, the descent the device stated or
     * the points gave.
     */
    Optional<ActivityTracks.Path> path(UUID userId, UUID activityId) {
        return jdbc.sql("""
                        select s.lat, s.lon, s.ele, a.distance_m, a.elevation_gain_m,
                            coalesce((a.analysis -> 'device' ->> 'descent_meters')::float8,
                                (a.analysis -> 'computed' ->> 'elevation_loss_meters')::float8) as loss
                        from activity_streams s join activities a on a.id = s.activity_id
                        where a.id = ? and a.user_id = ? and s.lat is not null
                        """)
                .params(activityId, userId)
                .query((rs, n) -> {
                    double distance = rs.getDouble("distance_m");
                    Double gain = rs.getObject("elevation_gain_m", Double.class);
                    return new ActivityTracks.Path(
                            Objects.requireNonNull(Sql.doubles(rs.getArray("lat"))),
                            Objects.requireNonNull(Sql.doubles(rs.getArray("lon"))),
                            Sql.doubles(rs.getArray("ele")),
                            distance,
                            gain,
                            rs.getObject("loss", Double.class),
                            Difficulty.of(distance, gain == null ? 0 : gain));
                })
                .optional();
    }

    boolean update(
            UUID userId,
            UUID id,
            @Nullable String title,
            @Nullable String notes,
            @Nullable Visibility visibility,
            @Nullable Visibility map,
            @Nullable Visibility heartRate) {
        return jdbc.sql("""
                        update activities set title = coalesce(:title, title), notes = coalesce(:notes, notes),
                            visibility = coalesce(:visibility, visibility),
                            map_visibility = activity_narrower_visibility(coalesce(:map, map_visibility),
                                coalesce(:visibility, visibility)),
                            heart_rate_visibility = activity_narrower_visibility(
                                coalesce(:heartRate, heart_rate_visibility), coalesce(:visibility, visibility)),
                            updated_at = :now
                        where id = :id and user_id = :user
                        """)
                        .param("now", Sql.now(clock))
                        .param("title", title)
                        .param("notes", notes)
                        .param("visibility", visibility == null ? null : visibility.wire())
                        .param("map", map == null ? null : map.wire())
                        .param("heartRate", heartRate == null ? null : heartRate.wire())
                        .param("id", id)
                        .param("user", userId)
                        .update()
                == 1;
    }

    // --- daily totals

    /** Adds a stored activity to its day's totals. */
    void addToDailyTotals(UUID activityId, ZoneId zone) {
        jdbc.sql("with a as (select * from activities where id = :id) " + ADD_TO_TOTALS)
                .param("zone", zone.getId())
                .param("sign", 1)
                .param("id", activityId)
                .update();
    }

    /**
     * Deletes an activity and takes it away from its day's totals in one statement: only the
     * request that really deleted the row subtracts it, however many deletes race.
     */
    boolean deleteAndSubtract(UUID userId, UUID activityId, ZoneId zone) {
        int changed = jdbc.sql("with a as (delete from activities where id = :id and user_id = :user returning *) "
                        + ADD_TO_TOTALS)
                .param("zone", zone.getId())
                .param("sign", -1)
                .param("id", activityId)
                .param("user", userId)
                .update();
        jdbc.sql("delete from activity_daily_totals where user_id = ? and activities = 0")
                .param(userId)
                .update();
        return changed > 0;
    }

    /** Serializes the writes to one person's daily totals (uploads, deletes, rebuilds). */
    void lockTotals(UUID userId) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(hashtextextended('activity_daily_totals:' || ?, 0))")
                .param(userId.toString())
                .query(Integer.class)
                .single();
    }

    /** A few of the people whose day totals a migration asked to rebuild. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> pendingRebuilds(int limit) {
        return jdbc.sql("select user_id from activity_totals_rebuilds limit ?")
                .param(limit)
                .query(UUID.class)
                .list();
    }

    void rebuilt(UUID userId) {
        jdbc.sql("delete from activity_totals_rebuilds where user_id = ?")
                .param(userId)
                .update();
    }

    /** Recomputes a person's daily totals from their activities, e.g. in a new time zone. */
    void rebuildDailyTotals(UUID userId, ZoneId zone) {
        jdbc.sql("delete from activity_daily_totals where user_id = ?")
                .param(userId)
                .update();
        jdbc.sql("""
                        insert into activity_daily_totals (user_id, type, local_date, activities, distance_m,
                            duration_s, elevation_gain_m, obstacles, warnings, lane_deviations, lane_accuracy_sum,
                            lane_accuracy_n)
                        select user_id, type, (started_at at time zone :zone)::date, count(*), sum(distance_m),
                            sum(duration_s), coalesce(sum(elevation_gain_m), 0),
                            coalesce(sum((ai_metrics ->> 'obstacles_detected')::bigint), 0),
                            coalesce(sum((ai_metrics ->> 'warnings_issued')::bigint), 0),
                            coalesce(sum((ai_metrics ->> 'lane_deviations')::bigint), 0),
                            coalesce(sum((ai_metrics ->> 'lane_keeping_accuracy')::float8), 0),
                            count(ai_metrics ->> 'lane_keeping_accuracy')
                        from activities where user_id = :user
                        group by 1, 2, 3
                        """).param("zone", zone.getId()).param("user", userId).update();
    }

    private ActivityView view(ResultSet rs, int row) throws SQLException {
        int duration = rs.getInt("duration_s");
        double distance = rs.getDouble("distance_m");
        String ai = rs.getString("ai_metrics");
        String weather = rs.getString("weather");
        var visibility = Visibility.of(rs.getString("visibility"));
        return new ActivityView(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                ActivityType.of(rs.getString("type")),
                rs.getString("title"),
                rs.getString("notes"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "ended_at"),
                duration,
                distance,
                rs.getObject("avg_speed_kmh", Double.class),
                rs.getObject("max_speed_kmh", Double.class),
                rs.getObject("elevation_gain_m", Double.class),
                distance > 0 ? duration / distance * 1000 : null,
                rs.getObject("steps", Integer.class),
                rs.getObject("calories", Integer.class),
                rs.getObject("avg_heart_rate", Integer.class),
                ai == null ? null : json.readTree(ai),
                rs.getObject("device_id", UUID.class),
                rs.getObject("client_id", UUID.class),
                rs.getBoolean("has_track"),
                Sql.instant(rs, "received_at"),
                Sql.instant(rs, "updated_at"),
                null,
                visibility,
                Visibility.of(rs.getString("map_visibility")).atMost(visibility),
                Visibility.of(rs.getString("heart_rate_visibility")).atMost(visibility),
                weather == null ? null : json.readTree(weather),
                null,
                analysis(rs),
                rs.getObject("duplicate_of", UUID.class),
                null); // engagement: not in these tables; the service adds it from ActivityEngagement
    }

    private @Nullable JsonNode analysis(ResultSet rs) throws SQLException {
        String analysis = rs.getString("analysis");
        return analysis == null ? null : json.readTree(analysis);
    }

    /** A numeric array column as the driver reads it (Double[], Float[], Short[] ...). */
    private static Number @Nullable [] values(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? null : (Number[]) array.getArray();
    }
}
