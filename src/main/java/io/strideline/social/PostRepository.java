package io.strideline.social;

import io.strideline.activity.Engagement;
import io.strideline.identity.Visibility;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Posts, and the comments, likes and their counts of posts and activities alike. */
@Repository
class PostRepository {

    record Post(
            UUID id,
            UUID authorId,
            String text,
            @Nullable UUID activityId,
            @Nullable UUID groupId,
            Visibility visibility,
            Instant createdAt,
            Instant updatedAt) {}

    record Comment(UUID id, UUID subjectId, UUID authorId, String text, Instant createdAt) {}

    /** Counts as one viewer sees them (without people blocked either way), and their own like. */
    record Counts(int likes, int comments, boolean likedByMe) {
        static final Counts NONE = new Counts(0, 0, false);

        Engagement engagement() {
            return new Engagement(likes, comments, likedByMe);
        }
    }

    private static final String POST_COLUMNS =
            "id, author_id, text, activity_id, group_id, visibility, created_at, updated_at";

    private static final RowMapper<Post> POSTS = (rs, n) -> new Post(
            rs.getObject("id", UUID.class),
            rs.getObject("author_id", UUID.class),
            rs.getString("text"),
            rs.getObject("activity_id", UUID.class),
            rs.getObject("group_id", UUID.class),
            Visibility.of(rs.getString("visibility")),
            Sql.instant(rs, "created_at"),
            Sql.instant(rs, "updated_at"));

    private final JdbcClient jdbc;

    PostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Post p) {
        jdbc.sql("""
                        insert into posts (id, author_id, text, activity_id, group_id, visibility, created_at,
                            updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        p.id(),
                        p.authorId(),
                        p.text(),
                        p.activityId(),
                        p.groupId(),
                        p.visibility().wire(),
                        Sql.ts(p.createdAt()),
                        Sql.ts(p.updatedAt()))
                .update();
    }

    Optional<Post> find(UUID id) {
        return jdbc.sql("select " + POST_COLUMNS + " from posts where id = ?")
                .param(id)
                .query(POSTS)
                .optional();
    }

    List<Post> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + POST_COLUMNS + " from posts where id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .query(POSTS)
                .list();
    }

    /** A group's posts, newest first, leaving out the authors in {@code hidden}. */
    List<Post> ofGroup(UUID groupId, Collection<UUID> hidden, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select " + POST_COLUMNS + """
                         from posts where group_id = :group and not (author_id = any(:hidden))
                          %s
                        order by created_at desc, id desc limit :limit
                        """.formatted(page.seek("created_at, id", true)))
                .param("group", groupId)
                .param("hidden", hidden.toArray(UUID[]::new))
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(POSTS)
                .list();
    }

    void update(UUID id, String text, Visibility visibility, Instant at) {
        jdbc.sql("update posts set text = ?, visibility = ?, updated_at = ? where id = ?")
                .params(text, visibility.wire(), Sql.ts(at), id)
                .update();
    }

    /** The post and everything hanging from it: comments, likes, counts. */
    void delete(UUID id) {
        deleteSubject(id);
        jdbc.sql("delete from posts where id = ?").param(id).update();
    }

    /** Comments, likes and counts of a post or an activity. */
    void deleteSubject(UUID subjectId) {
        jdbc.sql("delete from comments where subject_id = ?").param(subjectId).update();
        jdbc.sql("delete from likes where subject_id = ?").param(subjectId).update();
        jdbc.sql("delete from engagement where subject_id = ?").param(subjectId).update();
    }

    /** Posts about a deleted activity stay, about nothing. */
    void detachActivity(UUID activityId) {
        jdbc.sql("update posts set activity_id = null where activity_id = ?")
                .param(activityId)
                .update();
    }

    // --- comments

    void insertComment(UUID id, FeedKind kind, UUID subjectId, UUID authorId, String text, Instant at) {
        jdbc.sql("""
                        insert into comments (id, subject_id, subject_kind, author_id, text, created_at)
                        values (?, ?, ?, ?, ?, ?)
                        """)
                .params(id, subjectId, kind.wire(), authorId, text, Sql.ts(at))
                .update();
        count(subjectId, 0, 1);
    }

    Optional<Comment> comment(UUID subjectId, UUID commentId) {
        return jdbc.sql("""
                        select id, subject_id, author_id, text, created_at from comments
                        where id = ? and subject_id = ?
                        """).params(commentId, subjectId).query(Comment.class).optional();
    }

    boolean deleteComment(UUID subjectId, UUID commentId) {
        boolean deleted = jdbc.sql("delete from comments where id = ? and subject_id = ?")
                        .params(commentId, subjectId)
                        .update()
                > 0;
        if (deleted) {
            count(subjectId, 0, -1);
        }
        return deleted;
    }

    /** Oldest first, leaving out the authors in {@code hidden}. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<Comment> comments(UUID subjectId, Collection<UUID> hidden, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select id, subject_id, author_id, text, created_at from comments
                        where subject_id = :subject and not (author_id = any(:hidden))
                          %s
                        order by created_at, id limit :limit
                        """.formatted(page.seek("created_at, id", false)))
                .param("subject", subjectId)
                .param("hidden", hidden.toArray(UUID[]::new))
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(Comment.class)
                .list();
    }

    // --- likes

    boolean like(FeedKind kind, UUID subjectId, UUID userId, Instant at) {
        boolean added =
                jdbc.sql("""
                        insert into likes (subject_id, user_id, subject_kind, created_at) values (?, ?, ?, ?)
                        on conflict do nothing
                        """).params(subjectId, userId, kind.wire(), Sql.ts(at)).update() == 1;
        if (added) {
            count(subjectId, 1, 0);
        }
        return added;
    }

    boolean unlike(UUID subjectId, UUID userId) {
        boolean removed = jdbc.sql("delete from likes where subject_id = ? and user_id = ?")
                        .params(subjectId, userId)
                        .update()
                > 0;
        if (removed) {
            count(subjectId, -1, 0);
        }
        return removed;
    }

    private void count(UUID subjectId, int likes, int comments) {
        jdbc.sql("""
                        insert into engagement as e (subject_id, likes, comments)
                        values (:id, greatest(:likes, 0), greatest(:comments, 0))
                        on conflict (subject_id) do update
                            set likes = e.likes + :likes, comments = e.comments + :comments
                        """)
                .param("id", subjectId)
                .param("likes", likes)
                .param("comments", comments)
                .update();
    }

    /**
     * The counts of a page of subjects as the viewer sees them: the stored counts less the likes
     * and comments of people blocked either way (few; counted only when there are any).
     */
    Map<UUID, Counts> counts(UUID viewer, Collection<UUID> subjects, Collection<UUID> hidden) {
        var result = new HashMap<UUID, Counts>();
        if (subjects.isEmpty()) {
            return result;
        }
        String hiddenLikes = hidden.isEmpty()
                ? "0"
                : "(select count(*) from likes h where h.subject_id = s.id and h.user_id = any(:hidden))";
        String hiddenComments = hidden.isEmpty()
                ? "0"
                : "(select count(*) from comments h where h.subject_id = s.id and h.author_id = any(:hidden))";
        var spec = jdbc.sql("select s.id, coalesce(e.likes, 0) - " + hiddenLikes + " as likes, "
                        + "coalesce(e.comments, 0) - " + hiddenComments + " as comments, "
                        + "exists (select 1 from likes l where l.subject_id = s.id and l.user_id = :viewer) as liked "
                        + "from unnest(:ids) as s(id) left join engagement e on e.subject_id = s.id")
                .param("viewer", viewer)
                .param("ids", subjects.toArray(UUID[]::new));
        if (!hidden.isEmpty()) {
            spec = spec.param("hidden", hidden.toArray(UUID[]::new));
        }
        spec.query(rs -> {
            result.put(
                    rs.getObject("id", UUID.class),
                    new Counts(rs.getInt("likes"), rs.getInt("comments"), rs.getBoolean("liked")));
        });
        return result;
    }
}
