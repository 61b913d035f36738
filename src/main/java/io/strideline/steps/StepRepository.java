package io.strideline.steps;

import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.stereotype.Repository;

@Repository
class StepRepository {

    /** One source's numbers for one day, as synced. */
    record StepRow(
            LocalDate date,
            int steps,
            @Nullable Double distanceMeters,
            @Nullable Integer calories,
            @Nullable Integer activeMinutes) {}

    /** A day as readers see it: the numbers of the source that counted the most steps. */
    @Schema(name = "StepDay", description = "One day's steps: the numbers of the source that counted the most.")
    record Day(
            @Schema(description = "The local calendar day.", example = "2026-03-01")
            LocalDate date,

            @Schema(description = "Steps: the maximum over sources.", example = "11432")
            int steps,

            @Schema(description = "Distance in metres, from the same source.", example = "8120.5") @Nullable
            Double distanceMeters,

            @Schema(description = "Energy in kcal, from the same source.", example = "410") @Nullable
            Integer calories,

            @Schema(description = "Active minutes, from the same source.", example = "74") @Nullable
            Integer activeMinutes,

            @Schema(
                    description =
                            "The source: app or manual for steps synced by my app, else the id of the device that synced them.",
                    example = "app")
            String source) {}

    @Schema(description = "What one source synced for a day.")
    record SourceRow(
            @Schema(
                    description =
                            "The source: app or manual for steps synced by my app, else the id of the device that synced them.",
                    example = "app")
            String source,

            @Schema(description = "Steps.", example = "11432")
            int steps,

            @Schema(description = "Distance in metres.", example = "8120.5") @Nullable
            Double distanceMeters,

            @Schema(description = "Energy in kcal.", example = "410") @Nullable
            Integer calories,

            @Schema(description = "Active minutes.", example = "74") @Nullable
            Integer activeMinutes,

            @Schema(description = "When this source last synced the day.", example = "2026-03-01T21:05:00Z")
            java.time.Instant updatedAt) {}

    /**
     * Per day, the row of the source with the most steps (the latest sync on a tie): the day's
     * steps are the maximum over sources, and its distance and calories come from the same
     * source so that they belong together.
     */
    static final String DAYS = """
            select distinct on (local_date) local_date, steps, distance_m, calories, active_minutes, source
            from step_days
            where user_id = :user and local_date between :from and :to
            order by local_date, steps desc, updated_at desc
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    StepRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Upserts all rows in one statement (dates are unique within the batch). */
    void upsert(UUID userId, String source, List<StepRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into step_days (user_id, source, local_date, steps, distance_m, calories, active_minutes,
                            updated_at)
                        select :user, :source, d::date, s, m, c, a, :now
                        from unnest(:dates, :steps, :distances, :calories, :minutes) as r (d, s, m, c, a)
                        on conflict (user_id, local_date, source) do update set
                            steps = excluded.steps, distance_m = excluded.distance_m, calories = excluded.calories,
                            active_minutes = excluded.active_minutes, updated_at = excluded.updated_at
                        """)
                .param("now", Sql.now(clock))
                .param("user", userId)
                .param("source", source)
                .param(
                        "dates",
                        array(
                                "text",
                                rows.stream().map(r -> r.date().toString()).toArray()))
                .param("steps", array("int4", rows.stream().map(StepRow::steps).toArray()))
                .param(
                        "distances",
                        array(
                                "float8",
                                rows.stream().map(StepRow::distanceMeters).toArray()))
                .param(
                        "calories",
                        array("int4", rows.stream().map(StepRow::calories).toArray()))
                .param(
                        "minutes",
                        array("int4", rows.stream().map(StepRow::activeMinutes).toArray()))
                .update();
    }

    List<Day> days(UUID userId, LocalDate from, LocalDate to) {
        return jdbc.sql(DAYS)
                .param("user", userId)
                .param("from", from)
                .param("to", to)
                .query(StepRepository::day)
                .list();
    }

    List<SourceRow> sources(UUID userId, LocalDate date) {
        return jdbc.sql("""
                        select source, steps, distance_m, calories, active_minutes, updated_at from step_days
                        where user_id = ? and local_date = ? order by steps desc, updated_at desc
                        """)
                .params(userId, date)
                .query((rs, n) -> new SourceRow(
                        rs.getString("source"),
                        rs.getInt("steps"),
                        rs.getObject("distance_m", Double.class),
                        rs.getObject("calories", Integer.class),
                        rs.getObject("active_minutes", Integer.class),
                        io.strideline.platform.Sql.instant(rs, "updated_at")))
                .list();
    }

    /** Sum of the per-day maxima from {@code from} to {@code to}, both inclusive. */
    long sum(UUID userId, LocalDate from, LocalDate to) {
        return jdbc.sql("select coalesce(sum(steps), 0) from (" + DAYS + ") d")
                .param("user", userId)
                .param("from", from)
                .param("to", to)
                .query(Long.class)
                .single();
    }

    /** Per span the sum over its days of the day's top source, as {@link #sum}; one query. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<Long> sums(List<StepTotals.Span> spans) {
        return jdbc.sql("""
                        select coalesce(sum(d.steps), 0)
                        from unnest(:users, cast(:froms as date[]), cast(:tos as date[]))
                                with ordinality as s(user_id, from_day, to_day, n)
                        left join lateral (
                            select distinct on (local_date) steps from step_days
                            where user_id = s.user_id and local_date between s.from_day and s.to_day
                            order by local_date, steps desc, updated_at desc) d on true
                        group by s.n order by s.n
                        """)
                .param(
                        "users",
                        Sql.array(
                                "uuid",
                                spans.stream().map(StepTotals.Span::userId).toArray()))
                .param(
                        "froms",
                        Sql.array(
                                "text",
                                spans.stream().map(s -> s.from().toString()).toArray()))
                .param(
                        "tos",
                        Sql.array(
                                "text",
                                spans.stream().map(s -> s.to().toString()).toArray()))
                .query(Long.class)
                .list();
    }

    private static Day day(ResultSet rs, int row) throws SQLException {
        return new Day(
                rs.getObject("local_date", LocalDate.class),
                rs.getInt("steps"),
                rs.getObject("distance_m", Double.class),
                rs.getObject("calories", Integer.class),
                rs.getObject("active_minutes", Integer.class),
                rs.getString("source"));
    }

    private static AbstractSqlTypeValue array(String type, Object[] values) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection con, int sqlType, @Nullable String typeName)
                    throws SQLException {
                return con.createArrayOf(type, values);
            }
        };
    }
}
