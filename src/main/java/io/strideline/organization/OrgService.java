package io.strideline.organization;

import io.strideline.identity.UserDirectory;
import io.strideline.identity.UserRegistered;
import io.strideline.organization.OrgRepository.Member;
import io.strideline.organization.OrgRepository.Org;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class OrgService {

    @Schema(description = "A member of an organization and their role.")
    record MemberView(
            @Schema(description = "The member's account id.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID userId,

            @Schema(description = "The member's email.", example = "ann@example.com")
            String email,

            @Schema(description = "The member's display name.", example = "Ann")
            String displayName,

            @Schema(description = "Their role in the organization.", example = "member")
            Role role,

            @Schema(description = "When they joined.", example = "2026-03-01T08:30:00Z")
            Instant joinedAt) {}

    private final OrgRepository orgs;
    private final OrgAccess access;
    private final UserDirectory users;
    private final ApplicationEventPublisher events;

    OrgService(OrgRepository orgs, OrgAccess access, UserDirectory users, ApplicationEventPublisher events) {
        this.orgs = orgs;
        this.access = access;
        this.users = users;
        this.events = events;
    }

    /** In the registering transaction: no account exists without its personal organization. */
    @EventListener
    void on(UserRegistered registered) {
        UUID id = Ids.newId();
        orgs.insert(id, registered.displayName(), registered.userId());
        orgs.addMember(id, registered.userId(), Role.OWNER);
    }

    @Transactional
    Org create(UUID userId, @Nullable String name, @Nullable Integer rawRetentionDays) {
        checkRetention(checkName(new Validation(), name), rawRetentionDays).throwIfInvalid();
        UUID id = Ids.newId();
        orgs.insert(id, Objects.requireNonNull(name, "checked by checkName").strip(), null);
        orgs.addMember(id, userId, Role.OWNER);
        if (rawRetentionDays != null) {
            orgs.update(id, null, rawRetentionDays);
        }
        return get(userId, id);
    }

    Page<Org> list(UUID userId, PageRequest page) {
        return Page.of(orgs.list(userId, page), page.limit(), o -> PageRequest.cursor(o.createdAt(), o.id()));
    }

    Org get(UUID userId, UUID orgId) {
        return orgs.find(userId, orgId).orElseThrow(() -> ApiException.notFound("organization"));
    }

    @Transactional
    Org update(UUID userId, UUID orgId, @Nullable String name, @Nullable Integer rawRetentionDays) {
        access.require(userId, orgId, Role.ADMIN);
        var v = new Validation();
        if (name != null) {
            v.check(!name.isBlank() && name.length() <= 100, "name", "must have 1 to 100 characters");
        }
        checkRetention(v, rawRetentionDays).throwIfInvalid();
        orgs.update(orgId, name == null ? null : name.strip(), rawRetentionDays);
        return get(userId, orgId);
    }

    private static Validation checkRetention(Validation v, @Nullable Integer rawRetentionDays) {
        return v.check(
                rawRetentionDays == null || (rawRetentionDays >= 1 && rawRetentionDays <= 3650),
                "raw_retention_days",
                "must be between 1 and 3650");
    }

    Page<MemberView> members(UUID userId, UUID orgId, PageRequest page) {
        access.require(userId, orgId, Role.VIEWER);
        var rows = orgs.members(orgId, page);
        var people = users.byIds(rows.stream().map(Member::userId).toList());
        var views = rows.stream()
                .filter(m -> people.containsKey(m.userId()))
                .map(m -> {
                    var person = Objects.requireNonNull(people.get(m.userId()), "filtered above");
                    return new MemberView(
                            m.userId(), person.email(), person.displayName(), Role.of(m.role()), m.joinedAt());
                })
                .toList();
        return Page.of(views, page.limit(), m -> PageRequest.cursor(m.joinedAt(), m.userId()));
    }

    @Transactional
    MemberView changeRole(UUID userId, UUID orgId, UUID memberId, @Nullable Role role) {
        Role actor = access.require(userId, orgId, Role.ADMIN);
        new Validation().check(role != null, "role", "is required").throwIfInvalid();
        Role wanted = Objects.requireNonNull(role, "checked above");
        var member = orgs.member(orgId, memberId).orElseThrow(() -> ApiException.notFound("member"));
        Role current = Role.of(member.role());
        requireCanGrant(actor, current);
        requireCanGrant(actor, wanted);
        if (current == Role.OWNER && wanted != Role.OWNER) {
            requireAnotherOwner(orgId);
        }
        orgs.setRole(orgId, memberId, wanted);
        var person = Objects.requireNonNull(
                users.byIds(java.util.List.of(memberId)).get(memberId), "a member has an account");
        return new MemberView(memberId, person.email(), person.displayName(), wanted, member.joinedAt());
    }

    /** Admins remove members and viewers, owners anyone; everyone may leave. */
    @Transactional
    void removeMember(UUID userId, UUID orgId, UUID memberId) {
        Role actor = userId.equals(memberId)
                ? access.require(userId, orgId, Role.VIEWER)
                : access.require(userId, orgId, Role.ADMIN);
        var member = orgs.member(orgId, memberId).orElseThrow(() -> ApiException.notFound("member"));
        Role current = Role.of(member.role());
        if (!userId.equals(memberId)) {
            requireCanGrant(actor, current);
        }
        if (current == Role.OWNER) {
            requireAnotherOwner(orgId);
        }
        orgs.removeMember(orgId, memberId);
        events.publishEvent(new MembershipEnded(orgId, memberId));
    }

    private void requireAnotherOwner(UUID orgId) {
        if (orgs.lockOwners(orgId) < 2) {
            throw new ApiException(HttpStatus.CONFLICT, "last_owner", "An organization keeps at least one owner.");
        }
    }

    /** Admins hand out member and viewer; only owners hand out (or take away) admin and owner. */
    static void requireCanGrant(Role actor, Role role) {
        if (role.atLeast(Role.ADMIN)) {
            OrgAccess.requireRole(actor, Role.OWNER);
        }
    }

    private static Validation checkName(Validation v, @Nullable String name) {
        return v.check(
                name != null && !name.isBlank() && name.length() <= 100, "name", "must have 1 to 100 characters");
    }
}
