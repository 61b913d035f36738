package io.strideline.activity;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Activity totals per local day (in the person's time zone) for other modules (goals,
 * challenges). Reads the daily totals kept with every write, never the activities.
 */
@Component
public class ActivityTotals {

    /** What a day (or a span of days) adds up to. */
    public record Totals(long activities, double distanceMeters, long durationSeconds) {
        public static final Totals NONE = new Totals(0, 0, 0);

        public Totals plus(Totals other) {
            return new Totals(
                    activities + other.activities,
                    distanceMeters + other.distanceMeters,
                    durationSeconds + other.durationSeconds);
        }
    }

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
                            sum(duration_s) as duration_s
                        from activity_daily_totals
                        where user_id = :user and local_date between :from and :to
                          and (cast(:type as text) is null or type = :type)
                        group by local_date order by local_date
                        """)
                .param("user", userId)
                .param("from", from)
                .param("to", to)
                .param("type", type == null ? null : type.wire())
                .query((rs, n) -> out.put(
                        rs.getObject("local_date", LocalDate.class),
                        new Totals(rs.getLong("activities"), rs.getDouble("distance_m"), rs.getLong("duration_s"))))
                .list();
        return out;
    }
}
