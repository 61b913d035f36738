package io.strideline.organization;

import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InvitationRepository {

    /** A stored invitation; {@code expired} is computed from the application's clock ({@code :now}). */
    record Invitation(
            UUID id,
            UUID orgId,
            String email,
            String role,
            String state,
            boolean expired,
            UUID invitedBy,
            Instant createdAt,
            Instant expiresAt) {

        InvitationState effectiveState() {
            var stored = InvitationState.of(state);
            return stored == InvitationState.PENDING && expired ? InvitationState.EXPIRED : stored;
        }
    }

    /** An invitation as its invitee sees it: with the organization's name. */
    record Received(
            UUID id, UUID orgId, String orgName, String role, UUID invitedBy, Instant createdAt, Instant expiresAt) {}

    /** What an accepted invitation grants. */
    record Grant(UUID orgId, String role) {}

    /** An upserted invitation, and whether it is new (false: an open one was renewed). */
    record Upserted(Invitation invitation, boolean created) {}

    private static final String COLUMNS =
            "id, org_id, email, role, state, expires_at <= :now as expired, invited_by, created_at, expires_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    InvitationRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Creates the open invitation of (organization, email), or renews the one there is: new role,
     * inviter and expiry, same id. One statement, so two admins inviting at once make one row.
     * An open invitation whose role is not in {@code replaceable} is left alone: empty.
     * {@code xmax = 0} tells an inserted row from an updated one.
     */
    Optional<Upserted> upsert(
            UUID id, UUID orgId, String email, Role role, UUID invitedBy, Duration ttl, List<Role> replaceable) {
        var now = Sql.now(clock);
        return jdbc.sql("insert into org_invitations (id, org_id, email, role, invited_by, created_at, expires_at)"
                        + " values (:id, :org, :email, :role, :invitedBy, :now, :expiresAt)"
                        + " on conflict (org_id, email) where state = 'pending' do update"
                        + " set role = excluded.role, invited_by = excluded.invited_by, expires_at = excluded.expires_at"
                        + " where org_invitations.role = any(:replaceable)"
                        + " returning " + COLUMNS + ", xmax = 0 as created")
                .param("id", id)
                .param("org", orgId)
                .param("email", email)
                .param("role", role.value())
                .param("invitedBy", invitedBy)
                .param("now", now)
                .param("expiresAt", now.plus(ttl))
                .param("replaceable", replaceable.stream().map(Role::value).toArray(String[]::new))
                .query((rs, n) -> new Upserted(
                        new Invitation(
                                rs.getObject("id", UUID.class),
                                rs.getObject("org_id", UUID.class),
                                rs.getString("email"),
                                rs.getString("role"),
                                rs.getString("state"),
                                rs.getBoolean("expired"),
                                rs.getObject("invited_by", UUID.class),
                                Sql.instant(rs, "created_at"),
                                Sql.instant(rs, "expires_at")),
                        rs.getBoolean("created")))
                .optional();
    }

    /** The organization's open invitations (expired ones included, until renewed or revoked), newest first. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<Invitation> pendingOf(UUID orgId, PageRequest page) {
        var after = page.after();
        var sql = jdbc.sql("select " + COLUMNS + " from org_invitations where org_id = :org and state = 'pending'"
                        + (after == null ? "" : " and (created_at, id) < (:afterTime, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("now", Sql.now(clock))
                .param("org", orgId)
                .param("limit", page.fetchSize());
        if (after != null) {
            sql = sql.param("afterTime", Sql.ts(after.time())).param("afterId", after.id());
        }
        return sql.query(Invitation.class).list();
    }

    Optional<Invitation> find(UUID orgId, UUID invitationId) {
        return jdbc.sql("select " + COLUMNS + " from org_invitations where id = :id and org_id = :org")
                .param("now", Sql.now(clock))
                .param("id", invitationId)
                .param("org", orgId)
                .query(Invitation.class)
                .optional();
    }

    /** False when it was no longer pending. */
    boolean revoke(UUID invitationId) {
        return jdbc.sql("update org_invitations set state = 'revoked', responded_at = ?"
                                + " where id = ? and state = 'pending'")
                        .params(Sql.now(clock), invitationId)
                        .update()
                == 1;
    }

    /** Open, unexpired invitations addressed to this (normalized) email, newest first. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    List<Received> receivedBy(String email, PageRequest page) {
        var after = page.after();
        return jdbc.sql("select i.id, i.org_id, o.name as org_name, i.role, i.invited_by, i.created_at, i.expires_at"
                        + " from org_invitations i join orgs o on o.id = i.org_id"
                        + " where i.email = ? and i.state = 'pending' and i.expires_at > ?"
                        + (after == null ? "" : " and (i.created_at, i.id) < (?, ?)")
                        + " order by i.created_at desc, i.id desc limit ?")
                .params(
                        after == null
                                ? List.of(email, Sql.now(clock), page.fetchSize())
                                : List.of(email, Sql.now(clock), Sql.ts(after.time()), after.id(), page.fetchSize()))
                .query(Received.class)
                .list();
    }

    /** One invitation addressed to this email, in any state. */
    Optional<Invitation> findReceived(UUID invitationId, String email) {
        return jdbc.sql("select " + COLUMNS + " from org_invitations where id = :id and email = :email")
                .param("now", Sql.now(clock))
                .param("id", invitationId)
                .param("email", email)
                .query(Invitation.class)
                .optional();
    }

    /**
     * Accepts an open, unexpired invitation addressed to this email, atomically: of two accepts at
     * once (or an accept racing a revoke or the expiry) only one statement matches.
     */
    Optional<Grant> accept(UUID invitationId, String email, UUID userId) {
        return jdbc.sql("update org_invitations set state = 'accepted', responded_at = :now, accepted_by = :user"
                        + " where id = :id and email = :email and state = 'pending' and expires_at > :now"
                        + " returning org_id, role")
                .param("now", Sql.now(clock))
                .param("user", userId)
                .param("id", invitationId)
                .param("email", email)
                .query(Grant.class)
                .optional();
    }

    /** Declines an open invitation addressed to this email (also an expired one); false when none. */
    boolean decline(UUID invitationId, String email) {
        return jdbc.sql("update org_invitations set state = 'declined', responded_at = ?"
                                + " where id = ? and email = ? and state = 'pending'")
                        .params(Sql.now(clock), invitationId, email)
                        .update()
                == 1;
    }

    /** The organization an accepted invitation led to, if this person accepted it. */
    Optional<UUID> acceptedBy(UUID invitationId, UUID userId) {
        return jdbc.sql("select org_id from org_invitations where id = ? and state = 'accepted' and accepted_by = ?")
                .params(invitationId, userId)
                .query(UUID.class)
                .optional();
    }
}
