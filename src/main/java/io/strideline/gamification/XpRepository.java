package io.strideline.gamification;

import io.strideline.activity.ActivityTotals;
import io.strideline.activity.ActivityType;
import io.strideline.platform.Ids;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
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

            @Schema(
                    description =
                            "What is credited after the daily cap and the cap per day of receipt (0 when " + "late).",
                    example = "52")
            int xp,

            @Schema(
                    description = "Implausible (beyond human speed for the type, too many steps) or a likely "
                            + "duplicate of another activity (its duplicate_of): earns 0 and counts for no badge, "
                            + "challenge or leaderboard.")
            boolean flagged,

            @Schema(
                    description = "Received too long after its local day to earn XP (typed in more than 7 days "
                            + "later, recorded by a device or imported more than 30 days later): earns 0 but still "
                            + "counts for my statistics, badges, challenges and leaderboards.")
            boolean late) {}

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

    /** What a stored entry's re-allocation depends on: its day, when it was first received and that day. */
    record Placed(LocalDate day, Instant receivedAt, LocalDate receivedOn) {}

    /** The entry as stored; empty without one. */
    Optional<Placed> placed(UUID userId, XpSource source, String key) {
        return jdbc.sql("""
                        select local_date, received_at, received_on from xp_ledger
                        where user_id = ? and source = ? and source_key = ?
                        """)
                .params(userId, source.wire(), key)
                .query(XpRepository::placed)
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
            XpRules.Earned earned,
            Instant receivedAt,
            LocalDate receivedOn,
            boolean late) {
        return jdbc.sql("""
                        insert into xp_ledger as l (id, user_id, source, source_key, local_date, occurred_at, type,
                            distance_m, duration_s, climb_m, steps, local_hour, earned, xp, flagged, received_at,
                            received_on, late)
                        values (:id, :user, :source, :key, :day, :at, :type, :distance, :duration, :climb, :steps,
                            :hour, :earned, :earned, :flagged, :receivedAt, :receivedOn, :late)
                        on conflict (user_id, source, source_key) do update set
                            local_date = excluded.local_date, occurred_at = excluded.occurred_at, type = excluded.type,
                            distance_m = excluded.distance_m, duration_s = excluded.duration_s,
                            climb_m = excluded.climb_m, steps = excluded.steps, local_hour = excluded.local_hour,
                            earned = excluded.earned, flagged = excluded.flagged, received_at = excluded.received_at,
                            received_on = excluded.received_on, late = excluded.late
                        where (l.local_date, l.occurred_at, l.type, l.distance_m, l.duration_s, l.climb_m, l.steps,
                                l.local_hour, l.earned, l.flagged, l.received_at, l.received_on, l.late)
                            is distinct from (excluded.local_date, excluded.occurred_at, excluded.type,
                                excluded.distance_m, excluded.duration_s, excluded.climb_m, excluded.steps,
                                excluded.local_hour, excluded.earned, excluded.flagged, excluded.received_at,
                                excluded.received_on, excluded.late)
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
                        .param("receivedAt", Sql.ts(receivedAt))
                        .param("receivedOn", receivedOn)
                        .param("late", late)
                        .update()
                == 1;
    }

    /** The removed entry; empty if there was none. */
    Optional<Placed> delete(UUID userId, XpSource source, String key) {
        return jdbc.sql("""
                        delete from xp_ledger where user_id = ? and source = ? and source_key = ?
                        returning local_date, received_at, received_on
                        """)
                .params(userId, source.wire(), key)
                .query(XpRepository::placed)
                .optional();
    }

    /** Everything credited on one local day, all sources. */
    long dayXp(UUID userId, LocalDate day) {
        return jdbc.sql("select coalesce(sum(xp), 0) from xp_ledger where user_id = ? and local_date = ?")
                .params(userId, day)
                .query(Long.class)
                .single();
    }

    /**
     * Credits a person's capped sources: first each local day of the data, in the order things
     * happened, each entry getting what it earned (0 when late) as far as the daily cap has room
     * after the earlier ones; then, of what that leaves, each day of receipt in the order things
     * arrived, as far as the cap per receipt day has room. The second cap is what keeps data sent
     * today for many past days (each under its own daily cap) from earning many caps at once.
     *
     * <p>Only what a change of the data days {@code days} and receipt days {@code receipts} can move
     * (all when both are null, after re-dating): the entries of every receipt day that holds an entry
     * of those data days, or is one of the receipt days, and for their daily allocation the whole of
     * each data day they belong to. An entry outside these receipt days keeps its credit: its own
     * day's allocation and those of its receipt day's other entries are unchanged. So a change costs
     * the rows of a few days, not the person's history. The total follows the rows (trigger, V41).
     */
    void reallocate(
            UUID userId,
            LocalDate @Nullable [] days,
            LocalDate @Nullable [] receipts,
            int dailyCap,
            int receiptDayCap) {
        boolean all = days == null || receipts == null;
        String scope = all ? "select * from xp_ledger where user_id = :user and source <> 'badge'" : """
                select * from xp_ledger where user_id = :user and source <> 'badge' and local_date in (
                    select local_date from xp_ledger where user_id = :user and source <> 'badge' and received_on in (
                        select received_on from xp_ledger
                        where user_id = :user and source <> 'badge' and local_date = any(cast(:days as date[]))
                        union select unnest(cast(:receipts as date[]))))
                """;
        String affected = all ? "" : """
                and b.received_on in (select received_on from xp_ledger
                    where user_id = :user and source <> 'badge' and local_date = any(cast(:days as date[]))
                    union select unnest(cast(:receipts as date[])))
                """;
        jdbc.sql("""
                        update xp_ledger l set xp = b.xp
                        from (select id, received_on, greatest(0, least(day_xp, :receiptCap - coalesce(sum(day_xp) over (
                                        partition by received_on order by received_at, occurred_at, source, source_key
                                        rows between unbounded preceding and 1 preceding), 0))) as xp
                              from (select id, received_on, received_at, occurred_at, source, source_key,
                                        greatest(0, least(credit, :cap - coalesce(sum(credit) over (
                                            partition by local_date order by occurred_at, source, source_key
                                            rows between unbounded preceding and 1 preceding), 0))) as day_xp
                                    from (select *, case when late then 0 else earned end as credit
                                          from (%s) s) e) d) b
                        where l.id = b.id and l.xp <> b.xp %s
                        """.formatted(scope, affected))
                .param("user", userId)
                .param("cap", dailyCap)
                .param("receiptCap", receiptDayCap)
                .param("days", isoDates(days))
                .param("receipts", isoDates(receipts))
                .update();
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

    /**
     * Activity entries move to the local days (and hours) of the person's new time zone, and every
     * entry's day of receipt with them.
     */
    void redate(UUID userId, ZoneId zone) {
        jdbc.sql("""
                        update xp_ledger set
                            local_date = case when source = 'activity'
                                then (occurred_at at time zone :zone)::date else local_date end,
                            local_hour = case when source = 'activity'
                                then extract(hour from occurred_at at time zone :zone) else local_hour end,
                            received_on = (received_at at time zone :zone)::date
                        where user_id = :user
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

    private static String[] isoDates(LocalDate @Nullable [] dates) {
        return dates == null
                ? new String[0]
                : Arrays.stream(dates).map(LocalDate::toString).toArray(String[]::new);
    }

    private static Placed placed(ResultSet rs, int n) throws SQLException {
        return new Placed(
                rs.getObject("local_date", LocalDate.class),
                Sql.instant(rs, "received_at"),
                rs.getObject("received_on", LocalDate.class));
    }

    List<LedgerEntry> page(UUID userId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select id, source, source_key, local_date, occurred_at, earned, xp, flagged, late
                        from xp_ledger
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
                        rs.getBoolean("flagged"),
                        rs.getBoolean("late")))
                .list();
    }
}
