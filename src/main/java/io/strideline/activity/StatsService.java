package io.strideline.activity;

import io.strideline.identity.UserTimezones;
import io.strideline.platform.Sql;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Statistics read pre-aggregated totals, never the activities themselves: weekly buckets the
 * per-day totals of their weeks, lifetime totals and the monthly and yearly buckets the per-month
 * totals (kept from the per-day ones by a trigger), so their cost does not grow with a person's
 * history; personal bests read one row each from an index.
 */
@Service
class StatsService {

    @Schema(description = "What a set of activities adds up to.")
    record Totals(
            @Schema(description = "Number of activities.", example = "42")
            long activities,

            @Schema(description = "Distance in metres.", example = "210500.0")
            double distanceMeters,

            @Schema(description = "Duration in seconds.", example = "75600")
            long durationSeconds,

            @Schema(description = "Obstacles the devices' vision models detected (ai_metrics).", example = "120")
            long obstaclesDetected,

            @Schema(description = "Warnings the devices gave (ai_metrics).", example = "31")
            long warningsIssued,

            @Schema(description = "Lane deviations the devices counted (ai_metrics).", example = "48")
            long laneDeviations,

            @Schema(
                    description = "Mean lane_keeping_accuracy (0..1) over the activities that reported one; "
                            + "null when none did.",
                    example = "0.93")
            @Nullable
            Double meanLaneKeepingAccuracy) {}

    @Schema(name = "StatsBucket", description = "The totals of one week, month or year in my time zone.")
    record Bucket(
            @Schema(
                    description = "First day of the period (a Monday, the 1st of a month, or 1 January).",
                    example = "2026-02-23")
            LocalDate periodStart,

            @Schema(description = "What the period's activities add up to.")
            Totals totals) {}

    @Schema(description = "One run that is a personal best.")
    record Best(
            @Schema(description = "The run (GET /activities/{id}).")
            UUID activityId,

            @Schema(description = "Its start.", example = "2026-02-14T07:00:00Z")
            Instant startedAt,

            @Schema(description = "Its distance in metres.", example = "21097.5")
            double distanceMeters,

            @Schema(description = "Its duration in seconds.", example = "6300")
            int durationSeconds,

            @Schema(description = "Its average pace in seconds per km.", example = "298.6")
            double paceSecondsPerKm) {}

    @Schema(description = "Personal bests over all my runs (type run only, whatever the type filter).")
    record PersonalBests(
            @Schema(description = "The longest run; null without runs.") @Nullable
            Best longestRun,

            @Schema(description = "The run of at least 1 km with the fastest average pace; null without one.") @Nullable
            Best fastestPace) {}

    @Schema(description = "Runs of consecutive local days with at least one activity (of the type filter).")
    record Streaks(
            @Schema(
                    description = "Days in the run that ends today, or yesterday when today has no activity yet; "
                            + "0 without one.",
                    example = "4")
            int currentDays,

            @Schema(description = "The longest run ever.", example = "12")
            int longestDays) {}

    @Schema(description = "My statistics: totals, per week, month and year, personal bests and streaks.")
    record Stats(
            @Schema(description = "The IANA time zone periods are computed in (mine).", example = "Europe/Berlin")
            String timezone,

            @Schema(description = "The type filter of the request; null for all types.", example = "run") @Nullable
            ActivityType type,

            @Schema(description = "Lifetime totals.") Totals totals,

            @Schema(description = "Monday-first weeks with activity among the last `weeks`, newest first.")
            List<Bucket> weekly,

            @Schema(description = "Months with activity among the last `months`, newest first.")
            List<Bucket> monthly,

            @Schema(description = "Years with activity among the last `years`, newest first.")
            List<Bucket> yearly,

            @Schema(description = "Personal bests.") PersonalBests personalBests,

            @Schema(description = "Activity streaks in my time zone.")
            Streaks streaks) {}

    private static final String SUMS = """
            coalesce(sum(activities), 0) as activities, coalesce(sum(distance_m), 0) as distance_m,
            coalesce(sum(duration_s), 0) as duration_s, coalesce(sum(obstacles), 0) as obstacles,
            coalesce(sum(warnings), 0) as warnings, coalesce(sum(lane_deviations), 0) as lane_deviations,
            sum(lane_accuracy_sum) / nullif(sum(lane_accuracy_n), 0) as lane_accuracy""";

    private final JdbcClient jdbc;
    private final UserTimezones timezones;
    private final Clock clock;

    StatsService(JdbcClient jdbc, UserTimezones timezones, Clock clock) {
        this.jdbc = jdbc;
        this.timezones = timezones;
        this.clock = clock;
    }

    Stats stats(UUID userId, @Nullable ActivityType activityType, int weeks, int months, int years) {
        String type = activityType == null ? null : activityType.wire();
        new Validation()
                .check(weeks >= 1 && weeks <= 104, "weeks", "must be between 1 and 104")
                .check(months >= 1 && months <= 60, "months", "must be between 1 and 60")
                .check(years >= 1 && years <= 50, "years", "must be between 1 and 50")
                .throwIfInvalid();
        var zone = timezones.of(userId);
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate weekStart =
                today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(weeks - 1);
        LocalDate monthStart = today.withDayOfMonth(1).minusMonths(months - 1);
        LocalDate yearStart = today.withDayOfYear(1).minusYears(years - 1);
        return new Stats(
                zone.getId(),
                activityType,
                totals(userId, type),
                buckets(userId, type, "week", "activity_daily_totals", "local_date", weekStart),
                buckets(userId, type, "month", "activity_monthly_totals", "month", monthStart),
                buckets(userId, type, "year", "activity_monthly_totals", "month", yearStart),
                new PersonalBests(
                        best(userId, "distance_m desc", ""),
                        best(userId, "duration_s / distance_m", "and distance_m >= 1000")),
                streaks(userId, type, today));
    }

    /**
     * Islands of consecutive days in the day totals: one row per active day, so the cost grows
     * with the number of active days (hundreds a year), read from the primary key.
     */
    private Streaks streaks(UUID userId, @Nullable String type, LocalDate today) {
        var params = params(userId, type);
        params.put("yesterday", today.minusDays(1));
        return jdbc.sql("""
                        with days as (select distinct local_date from activity_daily_totals
                                      where user_id = :user %s),
                             runs as (select max(local_date) as last_day, count(*) as days
                                      from (select local_date,
                                                   local_date - cast(row_number() over (order by local_date) as int) as island
                                            from days) d
                                      group by island)
                        select coalesce(max(days) filter (where last_day >= :yesterday), 0) as current_days,
                               coalesce(max(days), 0) as longest_days
                        from runs
                        """.formatted(type == null ? "" : "and type = :type"))
                .params(params)
                .query((rs, n) -> new Streaks(rs.getInt("current_days"), rs.getInt("longest_days")))
                .single();
    }

    private Totals totals(UUID userId, @Nullable String type) {
        return jdbc.sql("select " + SUMS + " from activity_monthly_totals where user_id = :user"
                        + (type == null ? "" : " and type = :type"))
                .params(params(userId, type))
                .query((rs, n) -> totals(rs))
                .single();
    }

    private List<Bucket> buckets(
            UUID userId, @Nullable String type, String unit, String table, String day, LocalDate since) {
        var params = params(userId, type);
        params.put("since", since);
        // unit, table and day are constants, never client input
        return jdbc.sql("select date_trunc('" + unit + "', " + day + ")::date as period_start, " + SUMS
                        + " from " + table + " where user_id = :user and " + day + " >= :since"
                        + (type == null ? "" : " and type = :type")
                        + " group by 1 order by 1 desc")
                .params(params)
                .query((rs, n) -> new Bucket(rs.getObject("period_start", LocalDate.class), totals(rs)))
                .list();
    }

    private @Nullable Best best(UUID userId, String order, String condition) {
        // order and condition are constants chosen to match the indexes activities_longest / _fastest
        return jdbc.sql(
                        "select id, started_at, distance_m, duration_s from activities where user_id = ? and type = 'run' "
                                + condition + " order by " + order + " limit 1")
                .param(userId)
                .query((rs, n) -> {
                    double distance = rs.getDouble("distance_m");
                    int duration = rs.getInt("duration_s");
                    return new Best(
                            rs.getObject("id", UUID.class),
                            Sql.instant(rs, "started_at"),
                            distance,
                            duration,
                            distance > 0 ? duration / distance * 1000 : 0);
                })
                .optional()
                .orElse(null);
    }

    private static Map<String, Object> params(UUID userId, @Nullable String type) {
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        if (type != null) {
            params.put("type", type);
        }
        return params;
    }

    private static Totals totals(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Totals(
                rs.getLong("activities"),
                rs.getDouble("distance_m"),
                rs.getLong("duration_s"),
                rs.getLong("obstacles"),
                rs.getLong("warnings"),
                rs.getLong("lane_deviations"),
                rs.getObject("lane_accuracy", Double.class));
    }
}
