package io.strideline.notification;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@Repository
class NotificationRepository {

    /** The same message for many people: one row each. */
    record Fanout(
            List<UUID> ids,
            List<UUID> userIds,
            @Nullable UUID orgId,
            NotificationType type,
            @Nullable UUID sourceId,
            String title,
            String body,
            @Nullable JsonNode data,
            Instant createdAt) {}

    /**
     * One person's notification of a source (a comment, a group, the person asking): the same
     * source again refreshes it and makes it unread, so a re-delivered event adds nothing.
     */
    void upsert(
            UUID id,
            UUID userId,
            NotificationType type,
            UUID sourceId,
            String title,
            String body,
            JsonNode data,
            Instant at) {
        jdbc.sql("""
                        insert into notifications (id, user_id, type, source_id, title, body, data, created_at)
                        values (:id, :user, :type, :source, :title, :body, cast(:data as jsonb), :at)
                        on conflict (user_id, type, source_id) where source_id is not null do update
                            set title = excluded.title, body = excluded.body, data = excluded.data,
                                created_at = excluded.created_at, read_at = null
                        returning id, user_id, type, title
                        """)
                .param("id", id)
                .param("user", userId)
                .param("type", type.wire())
                .param("source", sourceId)
                .param("title", title)
                .param("body", body)
                .param("data", json.writeValueAsString(data))
                .param("at", Sql.ts(at))
                .query(this::created)
                .optional()
                .ifPresent(events::publishEvent);
    }

    /**
     * Likes of one post or activity gather in one notification: while it is unread each new liker
     * counts one more and is named ("Ann and 3 others liked your post"); once read, the next new
     * liker starts it again. The count is of distinct people, each counted when they first like
     * the subject ever ({@code likes_notified}): unliking does not take them off, and liking again
     * neither counts nor notifies (no row, no {@link NotificationCreated}).
     */
    void addLike(UUID id, UUID userId, UUID subjectId, String subjectKind, UUID likerId, String likerName, Instant at) {
        jdbc.sql("""
                        with first_like as (
                            insert into likes_notified (subject_id, liker_id) values (:subject, :liker)
                            on conflict do nothing
                            returning liker_id)
                        insert into notifications as n (id, user_id, type, source_id, title, body, data, created_at)
                        select :id, :user, 'like', :subject, :name || ' liked your ' || :kind,
                            'New likes on your ' || :kind || '.',
                            jsonb_build_object('subject_kind', cast(:kind as text), 'subject_id', :subject,
                                'count', 1, 'user_id', :liker), :at
                        from first_like
                        on conflict (user_id, type, source_id) where source_id is not null do update
                            set data = jsonb_set(excluded.data, '{count}', to_jsonb(
                                    case when n.read_at is null then (n.data ->> 'count')::int + 1 else 1 end)),
                                title = :name || case when n.read_at is null
                                    then ' and ' || (n.data ->> 'count') || case when (n.data ->> 'count') = '1'
                                        then ' other' else ' others' end
                                    else '' end || ' liked your ' || :kind,
                                created_at = excluded.created_at, read_at = null
                        returning id, user_id, type, title
                        """)
                .param("id", id)
                .param("user", userId)
                .param("subject", subjectId)
                .param("kind", subjectKind)
                .param("liker", likerId)
                .param("name", likerName)
                .param("at", Sql.ts(at))
                .query(this::created)
                .optional()
                .ifPresent(events::publishEvent);
    }

    private static final String COLUMNS = "id, org_id, type, title, body, data::text as data, created_at, read_at";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    /** Every write path announces what it created ({@link NotificationCreated}), so none can forget to. */
    private final ApplicationEventPublisher events;

    private final RowMapper<NotificationView> views;

    NotificationRepository(JdbcClient jdbc, ObjectMapper json, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
        this.views = this::view;
    }

    /**
     * One INSERT for all recipients (two arrays unnested side by side). A recipient who already
     * has a notification from the same source (a re-delivered event) is skipped.
     */
    long insertAll(Fanout f) {
        return jdbc
                .sql("""
                        insert into notifications (id, user_id, org_id, type, source_id, title, body, data, created_at)
                        select r.id, r.user_id, :org, :type, :source, :title, :body, cast(:data as jsonb), :created
                        from unnest(:ids, :users) as r(id, user_id)
                        on conflict (user_id, type, source_id) where source_id is not null do nothing
                        returning id, user_id, type, title
                        """)
                .param("org", f.orgId())
                .param("type", f.type().wire())
                .param("source", f.sourceId())
                .param("title", f.title())
                .param("body", f.body())
                .param("data", f.data() == null ? null : json.writeValueAsString(f.data()))
                .param("created", Sql.ts(f.createdAt()))
                .param("ids", Sql.array("uuid", f.ids().toArray()))
                .param("users", Sql.array("uuid", f.userIds().toArray()))
                .query(this::created)
                .list()
                .stream()
                .peek(events::publishEvent)
                .count();
    }

    private NotificationCreated created(ResultSet rs, int row) throws SQLException {
        return new NotificationCreated(
                rs.getObject("user_id", UUID.class),
                rs.getObject("id", UUID.class),
                NotificationType.of(rs.getString("type")),
                rs.getString("title"));
    }

    /**
     * Leaves out the notifications naming ({@code data.user_id}) someone of {@code hidden}: people
     * blocked either way. Filtered when read rather than deleted when blocking, because an event
     * of before the block may still be turned into a notification after it (listeners run after
     * the action's commit), and this one condition covers those too.
     */
    private static final String SHOWN = " and not coalesce(data ->> 'user_id' = any(cast(:hidden as text[])), false)";

    private static Object hidden(Collection<UUID> people) {
        return Sql.array("text", people.stream().map(UUID::toString).toArray());
    }

    List<NotificationView> list(UUID userId, Collection<UUID> hiddenPeople, boolean unreadOnly, PageRequest page) {
        var sql = new StringBuilder("select " + COLUMNS + " from notifications where user_id = :user" + SHOWN);
        Map<String, Object> params = new HashMap<>();
        params.put("user", userId);
        params.put("hidden", hidden(hiddenPeople));
        if (unreadOnly) {
            sql.append(" and read_at is null");
        }
        var after = page.after();
        if (after != null) {
            sql.append(" and (created_at, id) < (:afterTime, :afterId)");
            params.put("afterTime", Sql.ts(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(" order by created_at desc, id desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString()).params(params).query(views).list();
    }

    long unreadCount(UUID userId, Collection<UUID> hiddenPeople) {
        return jdbc.sql("select count(*) from notifications where user_id = :user and read_at is null" + SHOWN)
                .param("user", userId)
                .param("hidden", hidden(hiddenPeople))
                .query(Long.class)
                .single();
    }

    /** Marks read (keeping the first read time) or unread; empty when it is not this person's. */
    Optional<NotificationView> markRead(
            UUID userId, Collection<UUID> hiddenPeople, UUID id, boolean read, Instant now) {
        var params = new HashMap<String, Object>(Map.of("id", id, "user", userId, "hidden", hidden(hiddenPeople)));
        if (read) {
            params.put("now", Sql.ts(now));
        }
        return jdbc.sql("update notifications set read_at = "
                        + (read ? "coalesce(read_at, :now)" : "null")
                        + " where id = :id and user_id = :user" + SHOWN + " returning " + COLUMNS)
                .params(params)
                .query(views)
                .optional();
    }

    int markAllRead(UUID userId, Instant now) {
        return jdbc.sql("update notifications set read_at = ? where user_id = ? and read_at is null")
                .params(Sql.ts(now), userId)
                .update();
    }

    private NotificationView view(ResultSet rs, int n) throws SQLException {
        String data = rs.getString("data");
        var readAt = rs.getObject("read_at", OffsetDateTime.class);
        return new NotificationView(
                rs.getObject("id", UUID.class),
                rs.getObject("org_id", UUID.class),
                WireEnum.parse(NotificationType.class, rs.getString("type"))
                        .orElseThrow(() -> new IllegalStateException("unknown notification type stored")),
                rs.getString("title"),
                rs.getString("body"),
                data == null ? null : json.readTree(data),
                Sql.instant(rs, "created_at"),
                readAt != null,
                readAt == null ? null : readAt.toInstant());
    }
}
