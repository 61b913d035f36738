package io.strideline.organization;

import io.strideline.platform.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may do what in which organization; what other modules ask before touching an
 * organization's data. Not a member: 404, as if the organization did not exist. A member whose
 * role is too low: 403.
 */
@Component
public class OrgAccess {

    /** One of a person's organizations and their role in it. */
    public record Membership(UUID orgId, Role role) {}

    private final JdbcClient jdbc;

    OrgAccess(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Role> roleOf(UUID userId, UUID orgId) {
        return jdbc.sql("select role from org_members where org_id = ? and user_id = ?")
                .params(orgId, userId)
                .query(String.class)
                .optional()
                .map(Role::of);
    }

    /** Fails unless the person holds at least {@code min} in the organization. */
    public Role require(UUID userId, UUID orgId, Role min) {
        var role = roleOf(userId, orgId).orElseThrow(() -> ApiException.notFound("organization"));
        requireRole(role, min);
        return role;
    }

    public static void requireRole(Role role, Role min) {
        if (!role.atLeast(min)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "forbidden", "This needs the " + min.value() + " role in the organization.");
        }
    }

    /** Every organization of the person with their role (people belong to few). */
    public Map<UUID, Role> memberships(UUID userId) {
        return jdbc
                .sql("select org_id, role from org_members where user_id = ?")
                .param(userId)
                .query((rs, n) -> new Membership(rs.getObject("org_id", UUID.class), Role.of(rs.getString("role"))))
                .list()
                .stream()
                .collect(Collectors.toMap(Membership::orgId, Membership::role));
    }

    public List<UUID> orgIds(UUID userId) {
        return List.copyOf(memberships(userId).keySet());
    }

    public UUID personalOrg(UUID userId) {
        return jdbc.sql("select id from orgs where personal_of = ?")
                .param(userId)
                .query(UUID.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException("no personal organization for " + userId));
    }

    /** The members of an organization who hold at least {@code min}; for notifications. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; these rows and columns are never null
    public List<UUID> members(UUID orgId, Role min) {
        String[] roles = Arrays.stream(Role.values())
                .filter(r -> r.atLeast(min))
                .map(Role::value)
                .toArray(String[]::new);
        return jdbc.sql("select user_id from org_members where org_id = ? and role = any(?)")
                .params(orgId, roles)
                .query(UUID.class)
                .list();
    }

    /** Raw readings older than this many days are dropped for the organization. */
    public int rawRetentionDays(UUID orgId) {
        return jdbc.sql("select raw_retention_days from orgs where id = ?")
                .param(orgId)
                .query(Integer.class)
                .optional()
                .orElse(90);
    }
}
