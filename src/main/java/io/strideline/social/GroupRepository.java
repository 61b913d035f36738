package io.strideline.social;

import io.strideline.platform.PageRequest;
import io.strideline.platform.SearchText;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class GroupRepository {

    record Group(
            UUID id,
            String name,
            @Nullable String description,
            GroupVisibility visibility,
            int memberCount,
            Instant createdAt,
            Instant updatedAt,
            @Nullable GroupRole myRole,
            @Nullable MemberState myState) {}

    record Member(UUID userId, GroupRole role, MemberState state, Instant since) {}

    private static final String GROUP_COLUMNS = """
            g.id, g.name, g.description, g.visibility, g.member_count, g.created_at, g.updated_at, m.role, m.state""";

    private final JdbcClient jdbc;

    GroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID id, String name, @Nullable String description, GroupVisibility visibility, Instant at) {
        jdbc.sql("""
                        insert into groups (id, name, search_name, description, visibility, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(id, name, SearchText.fold(name), description, visibility.wire(), Sql.ts(at), Sql.ts(at))
                .update();
    }

    /** With the viewer's membership, if any; {@code forUpdate} locks the group's row. */
    Optional<Group> find(UUID id, UUID viewer, boolean forUpdate) {
        return jdbc.sql("select " + GROUP_COLUMNS
                        + " from groups g left join group_members m on m.group_id = g.id and m.user_id = ?"
                        + " where g.id = ?" + (forUpdate ? " for update of g" : ""))
                .params(viewer, id)
                .query(this::group)
                .optional();
    }

    /** Public groups and the viewer's (any state), newest first, optionally by name. */
    List<Group> list(UUID viewer, @Nullable String query, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select " + GROUP_COLUMNS + """
                         from groups g left join group_members m on m.group_id = g.id and m.user_id = :viewer
                        where (g.visibility = 'public' or m.user_id is not null)
                          and (cast(:pattern as text) is null or g.search_name like :pattern escape '\\')
                          %s
                        order by g.created_at desc, g.id desc limit :limit
                        """.formatted(page.seek("g.created_at, g.id", true)))
                .param("viewer", viewer)
                .param("pattern", query == null ? null : SearchText.containing(query))
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query(this::group)
                .list();
    }

    void update(UUID id, String name, @Nullable String description, GroupVisibility visibility, Instant at) {
        jdbc.sql("""
                        update groups set name = ?, search_name = ?, description = ?, visibility = ?, updated_at = ?
                        where id = ?
                        """)
                .params(name, SearchText.fold(name), description, visibility.wire(), Sql.ts(at), id)
                .update();
    }

    /** The group, its memberships and its posts with their comments, likes and counts. */
    void delete(UUID id) {
        for (String table : List.of("comments", "likes", "engagement")) {
            jdbc.sql("delete from " + table + " where subject_id in (select id from posts where group_id = ?)")
                    .param(id)
                    .update();
        }
        jdbc.sql("delete from groups where id = ?").param(id).update();
    }

    Optional<Member> member(UUID groupId, UUID userId) {
        return jdbc.sql("select user_id, role, state, created_at from group_members where group_id = ? and user_id = ?")
                .params(groupId, userId)
                .query((rs, n) -> member(rs))
                .optional();
    }

    /** Inserts or changes a membership, and recounts the members (the group's row is locked). */
    void put(UUID groupId, UUID userId, GroupRole role, MemberState state, Instant at) {
        jdbc.sql("""
                        insert into group_members (group_id, user_id, role, state, created_at)
                        values (:group, :user, :role, :state, :at)
                        on conflict (group_id, user_id) do update set role = excluded.role, state = excluded.state,
                            created_at = case when group_members.state = excluded.state then group_members.created_at
                                else excluded.created_at end
                        """)
                .param("group", groupId)
                .param("user", userId)
                .param("role", role.wire())
                .param("state", state.wire())
                .param("at", Sql.ts(at))
                .update();
        recount(groupId);
    }

    boolean remove(UUID groupId, UUID userId) {
        boolean removed = jdbc.sql("delete from group_members where group_id = ? and user_id = ?")
                        .params(groupId, userId)
                        .update()
                > 0;
        recount(groupId);
        return removed;
    }

    int owners(UUID groupId) {
        return jdbc.sql("""
                        select count(*) from group_members where group_id = ? and role = 'owner' and state = 'member'
                        """).param(groupId).query(Integer.class).single();
    }

    /** Whether one of {@code people} is an owner (a member in full) of the group. */
    boolean ownedByAnyOf(UUID groupId, Collection<UUID> people) {
        if (people.isEmpty()) {
            return false;
        }
        return jdbc.sql("""
                        select exists (select 1 from group_members
                                       where group_id = :group and state = 'member' and role = 'owner'
                                         and user_id = any(:people))
                        """)
                .param("group", groupId)
                .param("people", Sql.array("uuid", people.toArray()))
                .query(Boolean.class)
                .single();
    }

    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> admins(UUID groupId) {
        return jdbc.sql("""
                        select user_id from group_members
                        where group_id = ? and state = 'member' and role in ('owner', 'admin')
                        """).param(groupId).query(UUID.class).list();
    }

    /** Its members in full (not those invited or asking). */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<UUID> memberIds(UUID groupId) {
        return jdbc.sql("select user_id from group_members where group_id = ? and state = 'member'")
                .param(groupId)
                .query(UUID.class)
                .list();
    }

    List<Member> members(UUID groupId, MemberState state, PageRequest page) {
        var after = page.after();
        return jdbc.sql("""
                        select user_id, role, state, created_at from group_members
                        where group_id = :group and state = :state
                          %s
                        order by created_at desc, user_id desc limit :limit
                        """.formatted(page.seek("created_at, user_id", true)))
                .param("group", groupId)
                .param("state", state.wire())
                .param("afterTime", after == null ? null : Sql.ts(after.time()))
                .param("afterId", after == null ? null : after.id())
                .param("limit", page.fetchSize())
                .query((rs, n) -> member(rs))
                .list();
    }

    private void recount(UUID groupId) {
        jdbc.sql("""
                        update groups set member_count =
                            (select count(*) from group_members where group_id = :group and state = 'member')
                        where id = :group
                        """).param("group", groupId).update();
    }

    private Group group(ResultSet rs, int row) throws SQLException {
        String role = rs.getString("role");
        String state = rs.getString("state");
        return new Group(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("description"),
                WireEnum.parse(GroupVisibility.class, rs.getString("visibility"))
                        .orElseThrow(),
                rs.getInt("member_count"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                role == null ? null : WireEnum.parse(GroupRole.class, role).orElseThrow(),
                state == null ? null : WireEnum.parse(MemberState.class, state).orElseThrow());
    }

    private static Member member(ResultSet rs) throws SQLException {
        return new Member(
                rs.getObject("user_id", UUID.class),
                WireEnum.parse(GroupRole.class, rs.getString("role")).orElseThrow(),
                WireEnum.parse(MemberState.class, rs.getString("state")).orElseThrow(),
                Sql.instant(rs, "created_at"));
    }
}
