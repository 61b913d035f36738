package io.strideline.gamification;

import io.strideline.activity.ActivityType;
import io.strideline.platform.Sql;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class BadgeRepository {

    record Badge(
            String code,
            String name,
            String description,
            BadgeCriterion criterion,
            double threshold,
            @Nullable Set<ActivityType> activityTypes,
            @Nullable Integer beforeHour,
            int xpReward) {}

    /**
     * A person's activities of one type as badges weigh them. Every query here leaves flagged
     * (implausible) entries out: data that earns no XP earns no badge either.
     */
    record TypeStats(ActivityType type, long activities, double distance, double longest, double climb) {}

    /** One row of badge_counters (V41): an activity type's entries at one local start hour, or (type null) steps. */
    record Counter(@Nullable ActivityType type, int localHour, long entries, double distance, long steps) {}

    /** An activity (type set) or step entry a settlement wrote, as it counts now (not flagged). */
    record Changed(@Nullable ActivityType type, LocalDate day, double distance, double climb, long steps) {}

    private static final String COLUMNS =
            "code, name, description, criterion, threshold, activity_types, before_hour, xp_reward";

    private final JdbcClient jdbc;

    BadgeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Badge> catalogue() {
        return jdbc.sql("select " + COLUMNS + " from badges order by position, code")
                .query(BadgeRepository::badge)
                .list();
    }

    List<Badge> notEarnedBy(UUID userId) {
        return jdbc.sql("select " + COLUMNS + """
                         from badges b
                        where not exists (select 1 from user_badges u where u.user_id = ? and u.badge_code = b.code)
                        order by position, code
                        """)
                .param(userId)
                .query(BadgeRepository::badge)
                .list();
    }

    List<Badge> notAwardedToAll() {
        return jdbc.sql("select " + COLUMNS + " from badges where not awarded_to_all order by position")
                .query(BadgeRepository::badge)
                .list();
    }

    void awardedToAll(String code) {
        jdbc.sql("update badges set awarded_to_all = true where code = ?")
                .param(code)
                .update();
    }

    /** Whether this call awarded it: a badge is earned once, however many uploads race. */
    boolean award(UUID userId, String code, Instant at) {
        return jdbc.sql("""
                        insert into user_badges (user_id, badge_code, earned_at) values (?, ?, ?)
                        on conflict do nothing
                        """).params(userId, code, Sql.ts(at)).update() == 1;
    }

    Map<String, Instant> earned(UUID userId) {
        var out = new HashMap<String, Instant>();
        jdbc.sql("select badge_code, earned_at from user_badges where user_id = ?")
                .param(userId)
                .query(rs -> {
                    out.put(rs.getString("badge_code"), Sql.instant(rs, "earned_at"));
                });
        return out;
    }

    List<TypeStats> typeStats(UUID userId) {
        return jdbc.sql("""
                        select type, count(*) as activities, sum(distance_m) as distance, max(distance_m) as longest,
                            max(climb_m) as climb
                        from xp_ledger where user_id = ? and source = 'activity' and not flagged group by type
                        """)
                .param(userId)
                .query((rs, n) -> new TypeStats(
                        ActivityType.of(rs.getString("type")),
                        rs.getLong("activities"),
                        rs.getDouble("distance"),
                        rs.getDouble("longest"),
                        rs.getDouble("climb")))
                .list();
    }

    List<Counter> counters(UUID userId) {
        return jdbc.sql("""
                        select source, type, local_hour, entries, distance_m, steps from badge_counters
                        where user_id = ? and entries > 0
                        """)
                .param(userId)
                .query((rs, n) -> new Counter(
                        rs.getString("source").equals("activity") ? ActivityType.of(rs.getString("type")) : null,
                        rs.getInt("local_hour"),
                        rs.getLong("entries"),
                        rs.getDouble("distance_m"),
                        rs.getLong("steps")))
                .list();
    }

    /**
     * The counters summed again from the ledger. The trigger keeps them exact with every row, so
     * this only guards against what no trigger sees (a manual fix in the database); it runs on the
     * rare full judgements (a time-zone rebuild, the job for new badges), never per upload.
     */
    void recountCounters(UUID userId) {
        jdbc.sql("delete from badge_counters where user_id = ?").param(userId).update();
        jdbc.sql("""
                        insert into badge_counters (user_id, source, type, local_hour, entries, distance_m, steps)
                        select user_id, source, coalesce(type, ''), coalesce(local_hour, -1), count(*), sum(distance_m),
                            sum(steps)
                        from xp_ledger where user_id = ? and source in ('activity', 'steps') and not flagged
                        group by 1, 2, 3, 4
                        """).param(userId).update();
    }

    /** The entries of {@code keys} ("source:key") still stored and not flagged, on the ledger's unique index. */
    List<Changed> changed(UUID userId, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select type, local_date, distance_m, climb_m, steps from xp_ledger
                        where user_id = :user and (source, source_key) in (
                            select * from unnest(cast(:sources as text[]), cast(:keys as text[])))
                          and source in ('activity', 'steps') and not flagged
                        """)
                .param("user", userId)
                .param(
                        "sources",
                        keys.stream().map(k -> k.substring(0, k.indexOf(':'))).toArray(String[]::new))
                .param(
                        "keys",
                        keys.stream().map(k -> k.substring(k.indexOf(':') + 1)).toArray(String[]::new))
                .query((rs, n) -> new Changed(
                        rs.getString("type") == null ? null : ActivityType.of(rs.getString("type")),
                        rs.getObject("local_date", LocalDate.class),
                        rs.getDouble("distance_m"),
                        rs.getDouble("climb_m"),
                        rs.getLong("steps")))
                .list();
    }

    /** Longest run of consecutive local days with an activity between two days (on xp_ledger_by_day). */
    int longestStreakBetween(UUID userId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select coalesce(max(days), 0) from (
                            select count(*) as days from (
                                select local_date - cast(row_number() over (order by local_date) as int) as island
                                from (select distinct local_date from xp_ledger
                                      where user_id = ? and local_date between ? and ?
                                        and source = 'activity' and not flagged) d) i
                            group by island) r
                        """).params(userId, from, to).query(Integer.class).single();
    }

    /** Best day's steps and lifetime steps. */
    long[] stepStats(UUID userId) {
        return jdbc.sql("""
                        select coalesce(max(steps), 0) as best, coalesce(sum(steps), 0) as total
                        from xp_ledger where user_id = ? and source = 'steps' and not flagged
                        """)
                .param(userId)
                .query((rs, n) -> new long[] {rs.getLong("best"), rs.getLong("total")})
                .single();
    }

    /** Longest run of consecutive local days with an activity. */
    int longestStreak(UUID userId) {
        return jdbc.sql("""
                        select coalesce(max(days), 0) from (
                            select count(*) as days from (
                                select local_date, local_date - cast(row_number() over (order by local_date) as int) as island
                                from (select distinct local_date from xp_ledger
                                      where user_id = ? and source = 'activity' and not flagged) d) i
                            group by island) r
                        """).param(userId).query(Integer.class).single();
    }

    long startsBefore(UUID userId, int hour, @Nullable Set<ActivityType> types) {
        return jdbc.sql("""
                        select count(*) from xp_ledger
                        where user_id = :user and source = 'activity' and not flagged and local_hour < :hour
                          and (cast(:types as text[]) is null or type = any(:types))
                        """)
                .param("user", userId)
                .param("hour", hour)
                .param(
                        "types",
                        types == null
                                ? null
                                : types.stream().map(ActivityType::wire).toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    /** People with any XP history, in id order after {@code after}: the retroactive job's pages. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> people(@Nullable UUID after, int limit) {
        return jdbc.sql("""
                        select user_id from xp_totals where (cast(:after as uuid) is null or user_id > :after)
                        order by user_id limit :limit
                        """)
                .param("after", after)
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static Badge badge(ResultSet rs, int row) throws SQLException {
        return new Badge(
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("description"),
                BadgeCriterion.of(rs.getString("criterion")),
                rs.getDouble("threshold"),
                types(rs.getArray("activity_types")),
                rs.getObject("before_hour", Integer.class),
                rs.getInt("xp_reward"));
    }

    private static @Nullable Set<ActivityType> types(@Nullable Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        return Arrays.stream((String[]) array.getArray()).map(ActivityType::of).collect(Collectors.toSet());
    }
}
