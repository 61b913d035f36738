package io.strideline.social;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The home feed, fanned out on write: every post or activity has an entry for its author and,
 * when friends may see it, for each friend. Reading a page is one index range of the reader's
 * own entries; what an entry shows is checked again when it is read.
 */
@Repository
class FeedRepository {

    /** What a new friend's feed receives of the other's history, per kind. */
    static final int BACKFILL = 200;

    record Entry(Instant at, UUID itemId, FeedKind kind, UUID authorId) {}

    private final JdbcClient jdbc;

    FeedRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** (Re)places an item in its author's feed and, with {@code toFriends}, in their friends'. */
    void fanOut(UUID itemId, FeedKind kind, UUID authorId, Instant at, boolean toFriends) {
        remove(itemId);
        jdbc.sql("""
                        insert into feed_entries (owner_id, at, item_id, kind, author_id)
                        select :author, :at, :item, :kind, :author
                        union all
                        select friend_id, :at, :item, :kind, :author from friendships
                        where user_id = :author and :toFriends
                        on conflict do nothing
                        """)
                .param("author", authorId)
                .param("at", Sql.ts(at))
                .param("item", itemId)
                .param("kind", kind.wire())
                .param("toFriends", toFriends)
                .update();
    }

    void remove(UUID itemId) {
        jdbc.sql("delete from feed_entries where item_id = ?").param(itemId).update();
    }

    /** Unfriended or blocked: neither keeps the other's items. */
    void removeBetween(UUID a, UUID b) {
        jdbc.sql("""
                        delete from feed_entries
                        where (owner_id = :a and author_id = :b) or (owner_id = :b and author_id = :a)
                        """).param("a", a).param("b", b).update();
    }

    /** A new friend's latest posts that friends may see, into the owner's feed. */
    void backfillPosts(UUID ownerId, UUID authorId) {
        jdbc.sql("""
                        insert into feed_entries (owner_id, at, item_id, kind, author_id)
                        select :owner, created_at, id, 'post', author_id from posts
                        where author_id = :author and group_id is null and visibility <> 'private'
                        order by created_at desc limit :limit
                        on conflict do nothing
                        """)
                .param("owner", ownerId)
                .param("author", authorId)
                .param("limit", BACKFILL)
                .update();
    }

    /** Items of one author into the owner's feed (a new friend's activities). */
    void add(UUID ownerId, UUID authorId, FeedKind kind, Collection<UUID> items, Collection<Instant> times) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        insert into feed_entries (owner_id, at, item_id, kind, author_id)
                        select :owner, i.at, i.id, :kind, :author from unnest(:ids, :times) as i(id, at)
                        on conflict do nothing
                        """)
                .param("owner", ownerId)
                .param("author", authorId)
                .param("kind", kind.wire())
                .param("ids", items.toArray(UUID[]::new))
                .param(
                        "times",
                        Sql.array(
                                "timestamptz",
                                times.stream().map(Timestamp::from).toArray(Timestamp[]::new)))
                .update();
    }

    /** Newest first: one more than the page, to know whether there is a next one. */
    List<Entry> page(UUID ownerId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select at, item_id, kind, author_id from feed_entries
                        where owner_id = :owner
                          %s
                        order by at desc, item_id desc limit :limit
                        """.formatted(page.seek("at, item_id", true)))
                .param("owner", ownerId)
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query((rs, n) -> new Entry(
                        Sql.instant(rs, "at"),
                        rs.getObject("item_id", UUID.class),
                        WireEnum.parse(FeedKind.class, rs.getString("kind")).orElseThrow(),
                        rs.getObject("author_id", UUID.class)))
                .list();
    }
}
