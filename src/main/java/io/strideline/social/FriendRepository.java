package io.strideline.social;

import io.strideline.identity.Relation;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FriendRepository {

    /** Someone in one of my lists (friends, requests, blocks) and since when. */
    record Entry(UUID userId, Instant at) {}

    private final JdbcClient jdbc;

    FriendRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Serializes everything between two people (requests both ways, accepting, blocking) so that
     * two requests at the same moment end in one friendship.
     */
    void lockPair(UUID a, UUID b) {
        String key = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
        jdbc.sql("select 1 from pg_advisory_xact_lock(hashtextextended('social:' || ?, 0))")
                .param(key)
                .query(Integer.class)
                .single();
    }

    Relation relation(UUID viewer, UUID other) {
        return viewer.equals(other)
                ? Relation.SELF
                : relations(viewer, List.of(other)).getOrDefault(other, Relation.STRANGER);
    }

    Map<UUID, Relation> relations(UUID viewer, Collection<UUID> others) {
        var result = new HashMap<UUID, Relation>();
        if (others.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                        select o.id,
                            exists (select 1 from blocks b where (b.blocker_id = :viewer and b.blocked_id = o.id)
                                or (b.blocker_id = o.id and b.blocked_id = :viewer)) as blocked,
                            exists (select 1 from friendships f where f.user_id = :viewer and f.friend_id = o.id)
                                as friend
                        from unnest(:others) as o(id)
                        """)
                .param("viewer", viewer)
                .param("others", others.toArray(UUID[]::new))
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    result.put(
                            id,
                            id.equals(viewer)
                                    ? Relation.SELF
                                    : rs.getBoolean("blocked")
                                            ? Relation.BLOCKED
                                            : rs.getBoolean("friend") ? Relation.FRIEND : Relation.STRANGER);
                });
        return result;
    }

    /** Everyone who blocked this person or whom they blocked: hidden from them everywhere. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> blockedEitherWay(UUID userId) {
        return jdbc.sql("""
                        select blocked_id from blocks where blocker_id = :user
                        union select blocker_id from blocks where blocked_id = :user
                        """).param("user", userId).query(UUID.class).list();
    }

    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> friendIds(UUID userId) {
        return jdbc.sql("select friend_id from friendships where user_id = ?")
                .param(userId)
                .query(UUID.class)
                .list();
    }

    boolean blocked(UUID blocker, UUID blocked) {
        return jdbc.sql("select exists (select 1 from blocks where blocker_id = ? and blocked_id = ?)")
                .params(blocker, blocked)
                .query(Boolean.class)
                .single();
    }

    boolean friends(UUID a, UUID b) {
        return jdbc.sql("select exists (select 1 from friendships where user_id = ? and friend_id = ?)")
                .params(a, b)
                .query(Boolean.class)
                .single();
    }

    boolean requested(UUID requester, UUID addressee) {
        return jdbc.sql("select exists (select 1 from friend_requests where requester_id = ? and addressee_id = ?)")
                .params(requester, addressee)
                .query(Boolean.class)
                .single();
    }

    boolean insertRequest(UUID requester, UUID addressee, Instant at) {
        return jdbc.sql("""
                        insert into friend_requests (requester_id, addressee_id, created_at) values (?, ?, ?)
                        on conflict do nothing
                        """).params(requester, addressee, Sql.ts(at)).update() == 1;
    }

    /** Requests between the two, either way. */
    int deleteRequests(UUID a, UUID b) {
        return jdbc.sql("""
                        delete from friend_requests
                        where (requester_id = :a and addressee_id = :b) or (requester_id = :b and addressee_id = :a)
                        """).param("a", a).param("b", b).update();
    }

    boolean deleteRequest(UUID requester, UUID addressee) {
        return jdbc.sql("delete from friend_requests where requester_id = ? and addressee_id = ?")
                        .params(requester, addressee)
                        .update()
                > 0;
    }

    boolean insertFriendship(UUID a, UUID b, Instant since) {
        return jdbc.sql("""
                        insert into friendships (user_id, friend_id, since) values (:a, :b, :since), (:b, :a, :since)
                        on conflict do nothing
                        """)
                        .param("a", a)
                        .param("b", b)
                        .param("since", Sql.ts(since))
                        .update()
                > 0;
    }

    boolean deleteFriendship(UUID a, UUID b) {
        return jdbc.sql("""
                        delete from friendships
                        where (user_id = :a and friend_id = :b) or (user_id = :b and friend_id = :a)
                        """).param("a", a).param("b", b).update() > 0;
    }

    boolean insertBlock(UUID blocker, UUID blocked, Instant at) {
        return jdbc.sql(
                                "insert into blocks (blocker_id, blocked_id, created_at) values (?, ?, ?) on conflict do nothing")
                        .params(blocker, blocked, Sql.ts(at))
                        .update()
                == 1;
    }

    boolean deleteBlock(UUID blocker, UUID blocked) {
        return jdbc.sql("delete from blocks where blocker_id = ? and blocked_id = ?")
                        .params(blocker, blocked)
                        .update()
                > 0;
    }

    List<Entry> friends(UUID userId, PageRequest page) {
        return page(
                "select friend_id as user_id, since as at from friendships where user_id = :user",
                "since",
                "friend_id",
                userId,
                page);
    }

    List<Entry> incoming(UUID userId, PageRequest page) {
        return page(
                "select requester_id as user_id, created_at as at from friend_requests where addressee_id = :user",
                "created_at",
                "requester_id",
                userId,
                page);
    }

    List<Entry> outgoing(UUID userId, PageRequest page) {
        return page(
                "select addressee_id as user_id, created_at as at from friend_requests where requester_id = :user",
                "created_at",
                "addressee_id",
                userId,
                page);
    }

    List<Entry> blocks(UUID userId, PageRequest page) {
        return page(
                "select blocked_id as user_id, created_at as at from blocks where blocker_id = :user",
                "created_at",
                "blocked_id",
                userId,
                page);
    }

    long friendCount(UUID userId) {
        return jdbc.sql("select count(*) from friendships where user_id = ?")
                .param(userId)
                .query(Long.class)
                .single();
    }

    /** Keyset page newest first; {@code time} and {@code id} are the listing's columns. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    private List<Entry> page(String select, String time, String id, UUID userId, PageRequest page) {
        var after = page.after();
        return jdbc.sql(select + " " + page.seek(time + ", " + id, true) + " order by " + time + " desc, " + id
                        + " desc limit :limit")
                .param("user", userId)
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(Entry.class)
                .list();
    }
}
