package io.strideline.organization;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class OrgRepository {

    @Schema(description = "An organization I belong to, with my role in it.")
    record Org(
            @Schema(description = "The organization's id.", example = "0190a8c2-9b1d-7c44-8e2f-5a6b7c8d9e0f")
            UUID id,

            @Schema(description = "Its name, 1 to 100 characters.", example = "Greenhouse fleet")
            String name,

            @Schema(
                    description = "true for my personal organization, made with my account: devices I pair land "
                            + "there, and it takes no other members.",
                    example = "false")
            boolean personal,

            @Schema(
                    description = "Days raw sensor readings are kept (1 to 3650, default 90); rollups are kept.",
                    example = "90")
            int rawRetentionDays,

            @Schema(description = "When it was created.", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(description = "My role in it.", example = "owner")
            Role role) {}

    record Member(UUID userId, String role, Instant joinedAt) {}

    private static final String ORG_COLUMNS =
            "o.id, o.name, o.personal_of is not null as personal, o.raw_retention_days, o.created_at, m.role";

    private final JdbcClient jdbc;
    private final Clock clock;

    OrgRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    void insert(UUID id, String name, @Nullable UUID personalOf) {
        jdbc.sql("insert into orgs (id, name, personal_of, created_at) values (?, ?, ?, ?)")
                .params(id, name, personalOf, Sql.now(clock))
                .update();
    }

    /** False when the person already is a member. */
    boolean addMember(UUID orgId, UUID userId, Role role) {
        return jdbc.sql(
                                "insert into org_members (org_id, user_id, role, created_at) values (?, ?, ?, ?) on conflict do nothing")
                        .params(orgId, userId, role.value(), Sql.now(clock))
                        .update()
                == 1;
    }

    List<Org> list(UUID userId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select " + ORG_COLUMNS
                        + " from orgs o join org_members m on m.org_id = o.id where m.user_id = ?"
                        + (after == null ? "" : " and (o.created_at, o.id) < (?, ?)")
                        + " order by o.created_at desc, o.id desc limit ?")
                .params(
                        after == null
                                ? List.of(userId, page.fetchSize())
                                : List.of(userId, Sql.ts(after.time()), after.id(), page.fetchSize()))
                .query(OrgRepository::org)
                .list();
    }

    Optional<Org> find(UUID userId, UUID orgId) {
        return jdbc.sql("select " + ORG_COLUMNS
                        + " from orgs o join org_members m on m.org_id = o.id where o.id = ? and m.user_id = ?")
                .params(orgId, userId)
                .query(OrgRepository::org)
                .optional();
    }

    void update(UUID orgId, @Nullable String name, @Nullable Integer rawRetentionDays) {
        jdbc.sql(
                        "update orgs set name = coalesce(?, name), raw_retention_days = coalesce(?, raw_retention_days) where id = ?")
                .params(name, rawRetentionDays, orgId)
                .update();
    }

    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these rows and columns are never null
    List<Member> members(UUID orgId, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select user_id, role, created_at as joined_at from org_members where org_id = ?"
                        + (after == null ? "" : " and (created_at, user_id) < (?, ?)")
                        + " order by created_at desc, user_id desc limit ?")
                .params(
                        after == null
                                ? List.of(orgId, page.fetchSize())
                                : List.of(orgId, Sql.ts(after.time()), after.id(), page.fetchSize()))
                .query(Member.class)
                .list();
    }

    Optional<Member> member(UUID orgId, UUID userId) {
        return jdbc.sql(
                        "select user_id, role, created_at as joined_at from org_members where org_id = ? and user_id = ?")
                .params(orgId, userId)
                .query(Member.class)
                .optional();
    }

    void setRole(UUID orgId, UUID userId, Role role) {
        jdbc.sql("update org_members set role = ? where org_id = ? and user_id = ?")
                .params(role.value(), orgId, userId)
                .update();
    }

    void removeMember(UUID orgId, UUID userId) {
        jdbc.sql("delete from org_members where org_id = ? and user_id = ?")
                .params(orgId, userId)
                .update();
    }

    /** Locks the organization's owners, so that two demotions cannot both remove "the other" owner. */
    int lockOwners(UUID orgId) {
        return jdbc.sql("select user_id from org_members where org_id = ? and role = 'owner' for update")
                .param(orgId)
                .query(UUID.class)
                .list()
                .size();
    }

    /** By hand: the row mapper for records would read the role with {@code Enum.valueOf}. */
    private static Org org(ResultSet rs, int row) throws SQLException {
        return new Org(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getBoolean("personal"),
                rs.getInt("raw_retention_days"),
                Sql.instant(rs, "created_at"),
                Role.of(rs.getString("role")));
    }
}
