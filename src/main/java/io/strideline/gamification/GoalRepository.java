package io.strideline.gamification;

import io.strideline.activity.ActivityType;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GoalRepository {

    record Goal(
            UUID id,
            UUID userId,
            @Nullable String title,
            GoalPeriod period,
            GoalMetric metric,
            double target,
            @Nullable ActivityType activityType,
            LocalDate startDate,
            @Nullable LocalDate endDate,
            boolean active,
            Instant createdAt,
            Instant updatedAt) {}

    private static final String COLUMNS = """
            id, user_id, title, period, metric, target, activity_type, start_date, end_date, active, created_at,
            updated_at""";

    private final JdbcClient jdbc;
    private final Clock clock;

    GoalRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(Goal g) {
        jdbc.sql("""
                        insert into goals (id, user_id, title, period, metric, target, activity_type, start_date,
                            end_date, active, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        g.id(),
                        g.userId(),
                        g.title(),
                        g.period().wire(),
                        g.metric().wire(),
                        g.target(),
                        g.activityType() == null ? null : g.activityType().wire(),
                        g.startDate(),
                        g.endDate(),
                        g.active(),
                        Sql.now(clock),
                        Sql.now(clock))
                .update();
    }

    Optional<Goal> find(UUID userId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from goals where id = ? and user_id = ?")
                .params(id, userId)
                .query(GoalRepository::goal)
                .optional();
    }

    List<Goal> list(UUID userId, @Nullable Boolean active, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select " + COLUMNS + """
                         from goals
                        where user_id = :user
                          and (cast(:active as boolean) is null or active = :active)
                          %s
                        order by created_at desc, id desc limit :limit
                        """.formatted(page.seek("created_at, id", true)))
                .param("user", userId)
                .param("active", active)
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(GoalRepository::goal)
                .list();
    }

    /** A person's active goals (at most 200: goals are set by hand). */
    List<Goal> active(UUID userId) {
        return jdbc.sql("select " + COLUMNS + " from goals where user_id = ? and active order by created_at limit 200")
                .param(userId)
                .query(GoalRepository::goal)
                .list();
    }

    /** Whether this call recorded the period as met (false: it was announced before). */
    boolean markMet(UUID goalId, LocalDate periodStart, Instant at) {
        return jdbc.sql("""
                        insert into goal_achievements (goal_id, period_start, met_at) values (?, ?, ?)
                        on conflict do nothing
                        """).params(goalId, periodStart, Sql.ts(at)).update() == 1;
    }

    void update(Goal g) {
        jdbc.sql("""
                        update goals set title = ?, target = ?, end_date = ?, active = ?, updated_at = ?
                        where id = ? and user_id = ?
                        """)
                .params(g.title(), g.target(), g.endDate(), g.active(), Sql.now(clock), g.id(), g.userId())
                .update();
    }

    boolean delete(UUID userId, UUID id) {
        return jdbc.sql("delete from goals where id = ? and user_id = ?")
                        .params(id, userId)
                        .update()
                == 1;
    }

    private static @Nullable ActivityType activityType(@Nullable String wire) {
        return wire == null ? null : ActivityType.of(wire);
    }

    private static Goal goal(ResultSet rs, int row) throws SQLException {
        return new Goal(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("title"),
                GoalPeriod.of(rs.getString("period")),
                GoalMetric.of(rs.getString("metric")),
                rs.getDouble("target"),
                activityType(rs.getString("activity_type")),
                rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class),
                rs.getBoolean("active"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
