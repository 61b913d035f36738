package io.strideline.activity;

import io.strideline.identity.Privacy.ActivityDefaults;
import io.strideline.platform.Sql;
import io.strideline.track.Leg;
import io.strideline.track.Totals;
import io.strideline.track.Track;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** SQL of file imports, exports and stored analyses. */
@Repository
class ImportRepository {

    /** What a GPX export needs: the activity, its streams and its legs. */
    record ExportData(@Nullable String title, @Nullable String notes, Instant startedAt, Track track, List<Leg> legs) {}

    /** An imported activity's row. */
    record NewActivity(
            ActivityType type,
            @Nullable String title,
            Instant startedAt,
            Instant endedAt,
            Totals totals,
            ActivityAnalysis analysis,
            @Nullable Integer avgHeartRate,
            boolean hasTrack) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    ImportRepository(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The activity an earlier import of this content or this external_id made. */
    Optional<UUID> existing(UUID userId, byte[] sha256, @Nullable String externalId) {
        return jdbc.sql("""
                        select activity_id from activity_imports
                        where user_id = :user and (sha256 = :sha or external_id = :external)
                        limit 1
                        """)
                .param("user", userId)
                .param("sha", sha256)
                .param("external", externalId)
                .query(UUID.class)
                .optional();
    }

    void insertActivity(UUID id, UUID userId, NewActivity a, ActivityDefaults visibility) {
        Totals totals = a.totals();
        var device = totals.device();
        double duration = totals.durationSeconds();
        jdbc.sql("""
                        insert into activities (id, user_id, type, title, started_at, ended_at, duration_s,
                            distance_m, avg_speed_kmh, max_speed_kmh, calories, avg_heart_rate, elevation_gain_m,
                            has_track, analysis, visibility, map_visibility, heart_rate_visibility, received_at,
                            updated_at)
                        values (:id, :user, :type, :title, :started, :ended, :duration, :distance, :avgSpeed,
                            :maxSpeed, :calories, :hr, :gain, :hasTrack, cast(:analysis as jsonb), :visibility,
                            :mapVisibility, :hrVisibility, :now, :now)
                        """)
                .param("now", Sql.now(clock))
                .param("visibility", visibility.visibility().wire())
                .param("mapVisibility", visibility.map().wire())
                .param("hrVisibility", visibility.heartRate().wire())
                .param("id", id)
                .param("user", userId)
                .param("type", a.type().wire())
                .param("title", a.title())
                .param("started", Sql.ts(a.startedAt()))
                .param("ended", Sql.ts(a.endedAt()))
                .param("duration", (int) Math.round(duration))
                .param("distance", totals.distanceMeters())
                .param("avgSpeed", duration > 0 ? Math.round(totals.distanceMeters() / duration * 36) / 10.0 : null)
                .param("maxSpeed", device == null ? null : device.maxSpeedKmh())
                .param("calories", device == null ? null : device.calories())
                .param("hr", a.avgHeartRate())
                .param("gain", totals.elevationGainMeters())
                .param("hasTrack", a.hasTrack())
                .param("analysis", json.writeValueAsString(a.analysis()))
                .update();
    }

    /** Every stream the recording has; lat and lon are null for one without positions. */
    void insertStreams(UUID activityId, Track track) {
        jdbc.sql("""
                        insert into activity_streams (activity_id, t, lat, lon, ele, hr, cad, power, speed, temp, breaks)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        activityId,
                        Sql.array("float8", Objects.requireNonNull(track.t(), "an imported track has times")),
                        track.lat() == null ? null : Sql.array("float8", track.lat()),
                        track.lon() == null ? null : Sql.array("float8", track.lon()),
                        track.ele() == null ? null : Sql.array("float4", Sql.floats(track.ele())),
                        track.hr() == null ? null : Sql.array("int2", Sql.shorts(track.hr())),
                        track.cad() == null ? null : Sql.array("int2", Sql.shorts(track.cad())),
                        track.power() == null ? null : Sql.array("int2", Sql.shorts(track.power())),
                        track.speed() == null ? null : Sql.array("float4", Sql.floats(track.speed())),
                        track.temp() == null ? null : Sql.array("float4", Sql.floats(track.temp())),
                        Sql.array("int4", track.breaks()))
                .update();
    }

    void insertImport(
            UUID userId, UUID activityId, byte[] sha256, @Nullable String externalId, String format, long size) {
        jdbc.sql("""
                        insert into activity_imports (user_id, activity_id, sha256, external_id, format, size_bytes,
                            imported_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(userId, activityId, sha256, externalId, format, size, Sql.now(clock))
                .update();
    }

    void storeAnalysis(UUID activityId, ActivityAnalysis analysis) {
        jdbc.sql("update activities set analysis = cast(? as jsonb), elevation_gain_m = ? where id = ?")
                .params(
                        json.writeValueAsString(analysis),
                        analysis.computed() == null ? null : analysis.computed().elevationGainMeters(),
                        activityId)
                .update();
    }

    Optional<ExportData> exportData(UUID userId, UUID activityId) {
        return jdbc.sql("""
                        select a.type, a.title, a.notes, a.started_at, a.analysis::text as analysis,
                            s.t, s.lat, s.lon, s.ele, s.hr, s.cad, s.power, s.speed, s.temp, s.breaks
                        from activities a left join activity_streams s on s.activity_id = a.id
                        where a.id = ? and a.user_id = ?
                        """)
                .params(activityId, userId)
                .query((rs, row) -> {
                    Track track = StreamColumns.track(rs);
                    String type = rs.getString("type");
                    String analysisJson = rs.getString("analysis");
                    var analysis = analysisJson == null ? null : json.readValue(analysisJson, ActivityAnalysis.class);
                    Instant start = Sql.instant(rs, "started_at");
                    List<Leg> legs = analysis != null && analysis.legs() != null
                            ? analysis.legs().stream()
                                    .map(l -> new Leg(
                                            l.type().wire(),
                                            null,
                                            l.startedAt(),
                                            l.firstPoint(),
                                            l.endPoint(),
                                            l.device()))
                                    .toList()
                            : List.of(new Leg(
                                    type, null, start, 0, track.size(), analysis == null ? null : analysis.device()));
                    return new ExportData(rs.getString("title"), rs.getString("notes"), start, track, legs);
                })
                .optional();
    }
}
