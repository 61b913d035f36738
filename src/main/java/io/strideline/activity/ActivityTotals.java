package io.strideline.activity;

import io.strideline.platform.Sql;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Activity totals per local day (in the person's time zone) for other modules (goals,
 * challenges, XP). Reads the daily totals kept with every write, never the activities' history.
 */
@Component
public class ActivityTotals {

    /** What a day (or a span of days) adds up to. */
    public record Totals(long activities, double distanceMeters, long durationSeconds, double elevationGainMeters) {
        public static final Totals NONE = new Totals(0, 0, 0, 0);

        public Totals plus(Totals other) {
            return new Totals(
                    activities + other.activities,
                    distanceMeters + other.distanceMeters,
                    durationSeconds + other.durationSeconds,
                    elevationGainMeters + other.elevationGainMeters);
        }
    }

    /** Days {@code from} to {@code to} (inclusive) of one person; {@code types} null means every type. */
    public record Span(
            UUID userId,
            LocalDate from,
            LocalDate to,
            @Nullable Set<ActivityType> types) {}

    /**
     * What one activity was, as XP and badges weigh it: one row, read by id. {@code enteredByHand}
     * (not from a device or a file) decides how late it may arrive and still earn XP;
     * {@code duplicateOf} is the activity it likely repeats, when it earns nothing.
     */
    public record Effort(
            UUID id,
            UUID userId,
            ActivityType type,
            Instant startedAt,
            int durationSeconds,
            double distanceMeters,
            double elevationGainMeters,
            int sets,
            boolean enteredByHand,
            @Nullable UUID duplicateOf) {}

    private final JdbcClient jdbc;

    ActivityTotals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Totals from {@code from} to {@code to} inclusive; a null type means every type. */
    public Totals sumBetween(UUID userId, LocalDate from, LocalDate to, @Nullable ActivityType type) {
        return perDay(userId, from, to, type).values().stream().reduce(Totals.NONE, Totals::plus);
    }

    /** Totals per day with activity, from {@code from} to {@code to} inclusive, in date order. */
    public Map<LocalDate, Totals> perDay(UUID userId, LocalDate from, LocalDate to, @Nullable ActivityType type) {
        var out = new LinkedHashMap<LocalDate, Totals>();
        jdbc.sql("""
                        select local_date, sum(activities) as activities, sum(distance_m) as distance_m,
                            sum(duration_s) as duration_s, sum(elevation_gain_m) as elevation_gain_m
                        from activity_daily_totals
                        where user_id = :user and local_date between :from and :to
                          and (cast(:type as text) is null or type = :type)
                        group by local_date order by local_date
                        """)
                .param("user", userId)
                .param("from", from)
                .param("to", to)
                .param("type", type == null ? null : type.wire())
                .query((rs, n) -> out.put(rs.getObject("local_date", LocalDate.class), totals(rs)))
                .list();
        return out;
    }

    /**
     * The totals of many spans (of many people) in one query, in the order of {@code spans}: what
     * every challenge a person takes part in adds up to after one of their uploads.
     */
    public List<Totals> sums(List<Span> spans) {
        if (spans.isEmpty()) {
            return List.of();
        }
        var out = new ArrayList<Totals>(spans.size());
        jdbc.sql("""
                        select coalesce(sum(d.activities), 0) as activities, coalesce(sum(d.distance_m), 0) as distance_m,
                            coalesce(sum(d.duration_s), 0) as duration_s,
                            coalesce(sum(d.elevation_gain_m), 0) as elevation_gain_m
                        from unnest(:users, cast(:froms as date[]), cast(:tos as date[]), :types)
                                with ordinality as s(user_id, from_day, to_day, types, n)
                        left join activity_daily_totals d
                            on d.user_id = s.user_id and d.local_date between s.from_day and s.to_day
                           and (s.types is null or d.type = any(string_to_array(s.types, ',')))
                        group by s.n order by s.n
                        """)
                .param(
                        "users",
                        Sql.array("uuid", spans.stream().map(Span::userId).toArray()))
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
                .param(
                        "types",
                        Sql.array(
                                "text",
                                spans.stream().map(ActivityTotals::typeList).toArray()))
                .query((rs, n) -> out.add(totals(rs)))
                .list();
        return out;
    }

    /** The activity as it is stored now; empty once it is deleted. */
    public Optional<Effort> effort(UUID activityId) {
        return jdbc.sql("""
                        select a.id, a.user_id, a.type, a.started_at, a.duration_s, a.distance_m,
                            coalesce(a.elevation_gain_m, 0) as elevation_gain_m,
                            (select count(*) from activity_sets s where s.activity_id = a.id) as sets,
                            a.duplicate_of,
                            a.device_id is null and not exists (
                                select 1 from activity_imports i where i.activity_id = a.id) as by_hand
                        from activities a where a.id = ?
                        """)
                .param(activityId)
                .query((rs, n) -> new Effort(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        ActivityType.of(rs.getString("type")),
                        Sql.instant(rs, "started_at"),
                        rs.getInt("duration_s"),
                        rs.getDouble("distance_m"),
                        rs.getDouble("elevation_gain_m"),
                        rs.getInt("sets"),
                        rs.getBoolean("by_hand"),
                        rs.getObject("duplicate_of", UUID.class)))
                .optional();
    }

    private static @Nullable String typeList(Span span) {
        return span.types() == null
                ? null
                : span.types().stream().map(ActivityType::wire).sorted().collect(Collectors.joining(","));
    }

    private static Totals totals(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Totals(
                rs.getLong("activities"),
                rs.getDouble("distance_m"),
                rs.getLong("duration_s"),
                rs.getDouble("elevation_gain_m"));
    }
}
