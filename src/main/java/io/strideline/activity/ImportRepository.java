package io.strideline.activity;

import io.strideline.platform.Sql;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.ObjectMapper;

/** SQL of file imports, exports and stored analyses. */
@Repository
class ImportRepository {

    /** What a GPX export needs: the activity and its track (null arrays without one). */
    record ExportData(
            String type,
            @Nullable String title,
            Instant startedAt,
            double @Nullable [] t,
            double @Nullable [] lat,
            double @Nullable [] lon,
            double @Nullable [] ele,
            double @Nullable [] hr) {}

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    ImportRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
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

    void insertActivity(
            UUID id,
            UUID userId,
            String type,
            @Nullable String title,
            ParsedTrack track,
            TrackAnalysis.Analysis analysis,
            @Nullable Integer avgHeartRate) {
        double elapsed = track.t()[track.size() - 1];
        jdbc.sql("""
                        insert into activities (id, user_id, type, title, started_at, ended_at, duration_s,
                            distance_m, avg_speed_kmh, avg_heart_rate, has_track, analysis)
                        values (:id, :user, :type, :title, :started, :ended, :duration, :distance, :avgSpeed, :hr,
                            true, cast(:analysis as jsonb))
                        """)
                .param("id", id)
                .param("user", userId)
                .param("type", type)
                .param("title", title)
                .param("started", Sql.ts(track.start()))
                .param("ended", Sql.ts(track.end()))
                .param("duration", (int) Math.round(elapsed))
                .param("distance", analysis.distanceMeters())
                .param("avgSpeed", elapsed > 0 ? Math.round(analysis.distanceMeters() / elapsed * 36) / 10.0 : null)
                .param("hr", avgHeartRate)
                .param("analysis", json.writeValueAsString(analysis))
                .update();
    }

    void insertStreams(UUID activityId, ParsedTrack track) {
        jdbc.sql("""
                        insert into activity_streams (activity_id, t, lat, lon, ele, hr, cad)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        activityId,
                        Sql.array("float8", track.t()),
                        Sql.array("float8", track.lat()),
                        Sql.array("float8", track.lon()),
                        track.ele() == null ? null : Sql.array("float4", Sql.floats(track.ele())),
                        track.hr() == null ? null : Sql.array("int2", Sql.shorts(track.hr())),
                        track.cad() == null ? null : Sql.array("int2", Sql.shorts(track.cad())))
                .update();
    }

    void insertImport(
            UUID userId, UUID activityId, byte[] sha256, @Nullable String externalId, String format, long size) {
        jdbc.sql("""
                        insert into activity_imports (user_id, activity_id, sha256, external_id, format, size_bytes)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                .params(userId, activityId, sha256, externalId, format, size)
                .update();
    }

    void storeAnalysis(UUID activityId, TrackAnalysis.Analysis analysis) {
        jdbc.sql("update activities set analysis = cast(? as jsonb) where id = ?")
                .params(json.writeValueAsString(analysis), activityId)
                .update();
    }

    Optional<ExportData> exportData(UUID userId, UUID activityId) {
        return jdbc.sql("""
                        select a.type, a.title, a.started_at, s.t, s.lat, s.lon, s.ele, s.hr
                        from activities a left join activity_streams s on s.activity_id = a.id
                        where a.id = ? and a.user_id = ?
                        """)
                .params(activityId, userId)
                .query((rs, row) -> new ExportData(
                        rs.getString("type"),
                        rs.getString("title"),
                        Sql.instant(rs, "started_at"),
                        doubles(rs, "t"),
                        doubles(rs, "lat"),
                        doubles(rs, "lon"),
                        doubles(rs, "ele"),
                        doubles(rs, "hr")))
                .optional();
    }

    /** float8[] and real[] come back boxed from pgjdbc; the writers want primitives. */
    private static double @Nullable [] doubles(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return null;
        }
        Object[] boxed = (Object[]) array.getArray();
        double[] out = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i] == null ? Double.NaN : ((Number) boxed[i]).doubleValue();
        }
        return out;
    }
}
