package io.strideline.activity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Likely duplicates (issue 25): the same effort stored twice is kept and shown, but only the
 * earlier-received copy earns (gamification flags the activity whose duplicate_of is set).
 */
@Repository
class ActivityDuplicates {

    private final JdbcClient jdbc;

    ActivityDuplicates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Marks a new activity as a likely duplicate of the earliest-received other activity of its
     * owner that overlaps it by more than half of its own time span (issue 25: the same run sent
     * twice, from two devices, or typed in after it was recorded). Such an overlap always contains
     * the new activity's midpoint, so the candidates are the activities spanning that instant,
     * found on the (user_id, ended_at) index. Called under {@link ActivityRepository#lockTotals}, after the insert.
     */
    Optional<UUID> markIfDuplicate(UUID activityId) {
        return jdbc.sql("""
                        update activities a set duplicate_of = (
                            select o.id from activities o
                            where o.user_id = a.user_id and o.id <> a.id
                              and o.ended_at > a.started_at + (a.ended_at - a.started_at) / 2
                              and o.started_at < a.started_at + (a.ended_at - a.started_at) / 2
                              and least(o.ended_at, a.ended_at) - greatest(o.started_at, a.started_at)
                                  > (a.ended_at - a.started_at) / 2
                            order by o.received_at, o.id limit 1)
                        where a.id = ? and a.ended_at > a.started_at
                        returning duplicate_of
                        """)
                .param(activityId)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .optional()
                .flatMap(d -> d);
    }

    /** The owner says it is no duplicate. */
    void clearDuplicate(UUID userId, UUID activityId) {
        jdbc.sql("""
                        update activities set duplicate_of = null
                        where id = ? and user_id = ? and duplicate_of is not null
                        """).params(activityId, userId).update();
    }

    /** Before an activity is deleted: its duplicates become activities of their own, their ids. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> releaseDuplicatesOf(UUID userId, UUID activityId) {
        return jdbc.sql("""
                        update activities set duplicate_of = null where duplicate_of = ? and user_id = ? returning id
                        """).params(activityId, userId).query(UUID.class).list();
    }
}
