package io.strideline.gamification;

import io.strideline.activity.ActivityTotals;
import io.strideline.activity.ActivityType;
import io.strideline.platform.Ids;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class XpRepository {

    @Schema(description = "One source of XP.")
    record LedgerEntry(
            @Schema(description = "The entry's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "What earned it.", example = "activity")
            XpSource source,

            @Schema(
                    description = "The activity id, the date of a steps day, the badge code or the challenge id.",
                    example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            String sourceKey,

            @Schema(description = "The local day it counts on (in my time zone).", example = "2026-03-01")
            LocalDate localDate,

            @Schema(description = "When it happened.", example = "2026-03-01T07:00:00Z")
            Instant occurredAt,

            @Schema(description = "What the formula gives, before the daily cap.", example = "52")
            int earnedXp,

            @Schema(description = "What is credited after the daily cap.", example = "52")
            int xp,

            @Schema(description = "Implausible (beyond human speed for the type, too many steps): earns 0.")
            boolean flagged) {}

    /** Total XP and the highest level announced. */
    record Total(long xp, int levelNotified) {}

    private final JdbcClient jdbc;

    XpRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serializes one person's XP, badge and challenge writes (uploads, step syncs, joins). */
    void lock(UUID userId) {
        jdbc.sql("select 1 from pg_advisory_xact_lock(hashtextextended('gamification:' || ?, 0))")
                .param(userId.toString())
                .query(Integer.class)
                .single();
    }

    Optional<LocalDate> dateOf(UUID userId, XpSource source, String key) {
        return jdbc.sql("select local_date from xp_ledger where user_id = ? and source = ? and source_key = ?")
                .params(userId, source.wire(), key)
                .query((rs, n) -> rs.getObject(1, LocalDate.class))
                .optional();
    }

    /**
     * Writes (or rewrites) an entry; xp is set by {@link #reallocate} for capped sources. Whether
     * anything changed: rewriting an entry with the same numbers (a title edit, a step sync sent
     * again) writes nothing.
     */
    boolean upsert(
            UUID userId,
            XpSource source,
            String key,
            LocalDate day,
            Instant at,
            @Nullable String type,
            double distance,
            long duration,
            double climb,
            int steps,
            @Nullable Integer localHour,
            XpRules.Earned earned) {
        return jdbc.sql("""
                        insert into xp_ledger as l (id, user_id, source, source_key, local_date, occurred_at, type,
                            distance_m, duration_s, climb_m, steps, local_hour, earned, xp, flagged)
                        values (:id, :user, :source, :key, :day, :at, :type, :distance, :duration, :climb, :steps,
                            :hour, :earned, :earned, :flagged)
                        on conflict (user_id, source, source_key) do update set
                            local_date = excluded.local_date, occurred_at = excluded.occurred_at, type = excluded.type,
                            distance_m = excluded.distance_m, duration_s = excluded.duration_s,
                            climb_m = excluded.climb_m, steps = excluded.steps, local_hour = excluded.local_hour,
                            earned = excluded.earned, flagged = excluded.flagged
                        where (l.local_date, l.occurred_at, l.type, l.distance_m, l.duration_s, l.climb_m, l.steps,
                                l.local_hour, l.earned, l.flagged)
                            is distinct from (excluded.local_date, excluded.occurred_at, excluded.type,
                                excluded.distance_m, excluded.duration_s, excluded.climb_m, excluded.steps,
                                excluded.local_hour, excluded.earned, excluded.flagged)
                        """)
                        .param("id", Ids.newId())
                        .param("user", userId)
                        .param("source", source.wire())
                        .param("key", key)
                        .param("day", day)
                        .param("at", Sql.ts(at))
                        .param("type", type)
                        .param("distance", distance)
                        .param("duration", duration)
                        .param("climb", climb)
                        .param("steps", steps)
                        .param("hour", localHour)
                        .param("earned", earned.xp())
                        .param("flagged", earned.flagged())
                        .update()
                == 1;
    }

    boolean delete(UUID userId, XpSource source, String key) {
        return jdbc.sql("delete from xp_ledger where user_id = ? and source = ? and source_key = ?")
                        .params(userId, source.wire(), key)
                        .update()
                == 1;
    }

    /** Everything credited on one local day, all sources. */
    long dayXp(UUID userId, LocalDate day) {
        return jdbc.sql("select coalesce(sum(xp), 0) from xp_ledger where user_id = ? and local_date = ?")
                .params(userId, day)
                .query(Long.class)
                .single();
    }

    /**
     * Credits the capped sources of a day (all days when {@code day} is null) in the order they
     * happened: each gets what it earned, as far as the cap has room left after the earlier ones.
     */
    void reallocate(UUID userId, @Nullable LocalDate day, int cap) {
        jdbc.sql("""
                        update xp_ledger l set xp = a.xp
                        from (select id, greatest(0, least(earned, :cap - coalesce(sum(earned) over (
                                        partition by local_date order by occurred_at, source, source_key
                                        rows between unbounded preceding and 1 preceding), 0))) as xp
                              from xp_ledger
                              where user_id = :user and source <> 'badge' %s) a
                        where l.id = a.id and l.xp <> a.xp
                        """.formatted(day == null ? "" : "and local_date = :day"))
                .param("user", userId)
                .param("cap", cap)
                .param("day", day)
                .update();
    }

    /** Adds to a person's total XP; the total afterwards. */
    Total addToTotal(UUID userId, long delta) {
        return jdbc.sql("""
                        insert into xp_totals as t (user_id, xp) values (:user, greatest(:delta, 0))
                        on conflict (user_id) do update set xp = t.xp + :delta
                        returning xp, level_notified
                        """)
                .param("user", userId)
                .param("delta", delta)
                .query((rs, n) -> new Total(rs.getLong("xp"), rs.getInt("level_notified")))
                .single();
    }

    /** The total summed again from the ledger (after a time-zone change re-dated every entry). */
    void recountTotal(UUID userId) {
        jdbc.sql("""
                        insert into xp_totals as t (user_id, xp)
                        select :user, coalesce(sum(xp), 0) from xp_ledger where user_id = :user
                        on conflict (user_id) do update set xp = excluded.xp
                        """).param("user", userId).update();
    }

    Total total(UUID userId) {
        return jdbc.sql("select xp, level_notified from xp_totals where user_id = ?")
                .param(userId)
                .query((rs, n) -> new Total(rs.getLong("xp"), rs.getInt("level_notified")))
                .optional()
                .orElse(new Total(0, 1));
    }

    void levelNotified(UUID userId, int level) {
        jdbc.sql("update xp_totals set level_notified = ? where user_id = ?")
                .params(level, userId)
                .update();
    }

    /** Activity entries move to the local days (and hours) of the person's new time zone. */
    void redate(UUID userId, ZoneId zone) {
        jdbc.sql("""
                        update xp_ledger set local_date = (occurred_at at time zone :zone)::date,
                            local_hour = extract(hour from occurred_at at time zone :zone)
                        where user_id = :user and source = 'activity'
                        """).param("zone", zone.getId()).param("user", userId).update();
    }

    /** XP of activities and steps from {@code from} to {@code to}: what xp challenges count. */
    long earnedBetween(UUID userId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select coalesce(sum(xp), 0) from xp_ledger
                        where user_id = ? and local_date between ? and ? and source in ('activity', 'steps')
                        """).params(userId, from, to).query(Long.class).single();
    }

    /**
     * What a person's flagged (implausible) activities of the types add up to over local days
     * {@code from} to {@code to}: the activity module's totals count every stored activity, and
     * challenges and leaderboards take these off so that only believable data ranks.
     */
    ActivityTotals.Totals flaggedActivities(
            UUID userId, LocalDate from, LocalDate to, @Nullable Set<ActivityType> types) {
        return jdbc.sql("""
                        select count(*) as activities, coalesce(sum(distance_m), 0) as distance_m,
                            coalesce(sum(duration_s), 0) as duration_s, coalesce(sum(climb_m), 0) as climb_m
                        from xp_ledger
                        where user_id = :user and source = 'activity' and flagged and local_date between :from and :to
                          and (cast(:types as text[]) is null or type = any(:types))
                        """)
                .param("user", userId)
                .param("from", from)
                .param("to", to)
                .param(
                        "types",
                        types == null
                                ? null
                                : types.stream().map(ActivityType::wire).toArray(String[]::new))
                .query((rs, n) -> new ActivityTotals.Totals(
                        rs.getLong("activities"),
                        rs.getDouble("distance_m"),
                        rs.getLong("duration_s"),
                        rs.getDouble("climb_m")))
                .single();
    }

    /** Steps of a person's flagged step days from {@code from} to {@code to}: taken off as above. */
    long flaggedSteps(UUID userId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                        select coalesce(sum(steps), 0) from xp_ledger
                        where user_id = ? and source = 'steps' and flagged and local_date between ? and ?
                        """).params(userId, from, to).query(Long.class).single();
    }

    /** Ids of the flagged activities of {@code owners} started in [from, to): left out of friends leaderboards. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> flaggedActivityIds(Collection<UUID> owners, Instant from, Instant to) {
        return jdbc.sql("""
                        select cast(source_key as uuid) from xp_ledger
                        where user_id = any(?) and source = 'activity' and flagged
                          and occurred_at >= ? and occurred_at < ?
                        """)
                .params(owners.toArray(UUID[]::new), Sql.ts(from), Sql.ts(to))
                .query(UUID.class)
                .list();
    }

    List<LedgerEntry> page(UUID userId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select id, source, source_key, local_date, occurred_at, earned, xp, flagged from xp_ledger
                        where user_id = :user %s
                        order by occurred_at desc, id desc limit :limit
                        """.formatted(page.seek("occurred_at, id", true)))
                .param("user", userId)
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query((rs, n) -> new LedgerEntry(
                        rs.getObject("id", UUID.class),
                        XpSource.of(rs.getString("source")),
                        rs.getString("source_key"),
                        rs.getObject("local_date", LocalDate.class),
                        Sql.instant(rs, "occurred_at"),
                        rs.getInt("earned"),
                        rs.getInt("xp"),
                        rs.getBoolean("flagged")))
                .list();
    }
}
