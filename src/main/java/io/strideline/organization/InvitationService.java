package io.strideline.organization;

import io.strideline.identity.UserDirectory;
import io.strideline.organization.InvitationRepository.Invitation;
import io.strideline.organization.InvitationRepository.Received;
import io.strideline.organization.OrgRepository.Org;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import io.strideline.platform.Validation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations to organizations. Inviting never looks up accounts: the answer (status, fields,
 * work done) is the same whether the email belongs to nobody, to someone, or to a member already,
 * and nothing about the invitee reaches the organization before they accept.
 */
@Service
class InvitationService {

    /** An invitation as the organization's admins see it: only what they typed, never the account behind it. */
    @Schema(
            description = "An invitation as the organization's admins see it: only what they typed, never the "
                    + "account behind it.")
    record InvitationView(
            @Schema(description = "The invitation's id.", example = "0190a8c3-0a1b-7d2c-9e3f-4a5b6c7d8e9f")
            UUID id,

            @Schema(description = "The organization invited to.", example = "0190a8c2-9b1d-7c44-8e2f-5a6b7c8d9e0f")
            UUID orgId,

            @Schema(
                    description = "The invited email, normalized (lower case, no surrounding blanks).",
                    example = "bob@example.com")
            String email,

            @Schema(description = "Role on accepting.", example = "member")
            Role role,

            @Schema(
                    description = "Where it stands. Open invitations (the ones listed and answered here) are pending, "
                            + "or expired when past expires_at (inviting the email again renews it).",
                    example = "pending")
            InvitationState state,

            @Schema(
                    description = "The member who sent (or last renewed) it.",
                    example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID invitedBy,

            @Schema(description = "When it was first sent.", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(description = "Until when it can be accepted.", example = "2026-03-08T08:30:00Z")
            Instant expiresAt) {

        static InvitationView of(Invitation i) {
            return new InvitationView(
                    i.id(),
                    i.orgId(),
                    i.email(),
                    Role.of(i.role()),
                    i.effectiveState(),
                    i.invitedBy(),
                    i.createdAt(),
                    i.expiresAt());
        }
    }

    /** An invitation as the invitee sees it. */
    @Schema(description = "An open invitation addressed to me.")
    record ReceivedView(
            @Schema(
                    description = "The invitation's id, for :accept and :decline.",
                    example = "0190a8c3-0a1b-7d2c-9e3f-4a5b6c7d8e9f")
            UUID id,

            @Schema(description = "The organization inviting me.", example = "0190a8c2-9b1d-7c44-8e2f-5a6b7c8d9e0f")
            UUID orgId,

            @Schema(description = "Its name.", example = "Greenhouse fleet")
            String orgName,

            @Schema(description = "My role on accepting.", example = "member")
            Role role,

            @Schema(description = "Display name of who invited me; null when unknown.", example = "Ann") @Nullable
            String invitedByName,

            @Schema(description = "When it was first sent.", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(description = "Until when I can accept it.", example = "2026-03-08T08:30:00Z")
            Instant expiresAt) {}

    record Sent(InvitationView invitation, boolean created) {}

    /** Addresses as people type them; the mailbox is not checked, an invitation only waits for its owner. */
    private static final int MAX_EMAIL = 254;

    private final InvitationRepository invitations;
    private final OrgRepository orgs;
    private final OrgAccess access;
    private final UserDirectory users;
    private final RateLimiter limiter;
    private final Duration ttl;
    private final Limit perInviter;
    private final Limit perOrg;

    InvitationService(
            InvitationRepository invitations,
            OrgRepository orgs,
            OrgAccess access,
            UserDirectory users,
            RateLimiter limiter,
            OrgSettings settings) {
        this.invitations = invitations;
        this.orgs = orgs;
        this.access = access;
        this.users = users;
        this.limiter = limiter;
        this.ttl = settings.invitationTtl();
        this.perInviter =
                new Limit("org-invitations-inviter", settings.invitationsPerInviterPerHour(), Duration.ofHours(1));
        this.perOrg = new Limit("org-invitations-org", settings.invitationsPerOrgPerHour(), Duration.ofHours(1));
    }

    /** Lower case, without surrounding blanks: how invitations store and match emails. */
    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    @Transactional
    Sent invite(UUID userId, UUID orgId, @Nullable String email, @Nullable Role role) {
        Role actor = access.require(userId, orgId, Role.ADMIN);
        new Validation()
                .check(role != null, "role", "is required")
                .check(
                        email != null && isEmail(email.strip()),
                        "email",
                        "must be an email address (at most 254 characters)")
                .throwIfInvalid();
        Role wanted = Objects.requireNonNull(role, "checked above");
        Org org = orgs.find(userId, orgId).orElseThrow(() -> ApiException.notFound("organization"));
        if (org.personal()) {
            throw new ApiException(
                    HttpStatus.CONFLICT, "personal_organization", "A personal organization has no other members.");
        }
        OrgService.requireCanGrant(actor, wanted);
        // only members who may invite spend the budgets, so outsiders cannot exhaust an organization's
        limiter.consume(perInviter, userId.toString());
        try {
            limiter.consume(perOrg, orgId.toString());
        } catch (ApiException limited) {
            limiter.refund(perInviter, userId.toString());
            throw limited;
        }
        // an admin may not turn someone's open invitation to admin or owner into another one
        var replaceable = Arrays.stream(Role.values())
                .filter(r -> actor == Role.OWNER || !r.atLeast(Role.ADMIN))
                .toList();
        var upserted = invitations
                .upsert(
                        Ids.newId(),
                        orgId,
                        normalize(Objects.requireNonNull(email, "checked above")),
                        wanted,
                        userId,
                        ttl,
                        replaceable)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.FORBIDDEN,
                        "forbidden",
                        "This email has an open invitation to admin or owner; only owners change it."));
        return new Sent(InvitationView.of(upserted.invitation()), upserted.created());
    }

    Page<InvitationView> pending(UUID userId, UUID orgId, PageRequest page) {
        access.require(userId, orgId, Role.ADMIN);
        var views = invitations.pendingOf(orgId, page).stream()
                .map(InvitationView::of)
                .toList();
        return Page.of(views, page.limit(), i -> PageRequest.cursor(i.createdAt(), i.id()));
    }

    /** Admins withdraw member and viewer invitations, owners any. */
    @Transactional
    void revoke(UUID userId, UUID orgId, UUID invitationId) {
        Role actor = access.require(userId, orgId, Role.ADMIN);
        var invitation = invitations
                .find(orgId, invitationId)
                .filter(i -> InvitationState.of(i.state()) == InvitationState.PENDING)
                .orElseThrow(() -> ApiException.notFound("invitation"));
        OrgService.requireCanGrant(actor, Role.of(invitation.role()));
        if (!invitations.revoke(invitationId)) {
            throw ApiException.notFound("invitation");
        }
    }

    Page<ReceivedView> received(UUID userId, PageRequest page) {
        var rows = invitations.receivedBy(myEmail(userId), page);
        var inviters =
                users.byIds(rows.stream().map(Received::invitedBy).distinct().toList());
        var views = rows.stream()
                .map(r -> {
                    var inviter = inviters.get(r.invitedBy());
                    return new ReceivedView(
                            r.id(),
                            r.orgId(),
                            r.orgName(),
                            Role.of(r.role()),
                            inviter == null ? null : inviter.displayName(),
                            r.createdAt(),
                            r.expiresAt());
                })
                .toList();
        return Page.of(views, page.limit(), r -> PageRequest.cursor(r.createdAt(), r.id()));
    }

    /**
     * Joins the organization with the invitation's role. A person who is a member already keeps
     * their role; accepting again what I accepted answers the same.
     */
    @Transactional
    Org accept(UUID userId, UUID invitationId) {
        String email = myEmail(userId);
        var grant = invitations.accept(invitationId, email, userId);
        if (grant.isPresent()) {
            orgs.addMember(grant.get().orgId(), userId, Role.of(grant.get().role()));
            return orgs.find(userId, grant.get().orgId()).orElseThrow();
        }
        var joined = invitations.acceptedBy(invitationId, userId).flatMap(org -> orgs.find(userId, org));
        if (joined.isPresent()) {
            return joined.get();
        }
        throw whyNotOpen(invitationId, email);
    }

    @Transactional
    void decline(UUID userId, UUID invitationId) {
        String email = myEmail(userId);
        if (invitations.decline(invitationId, email)) {
            return;
        }
        var invitation = invitations.findReceived(invitationId, email).orElseThrow(() -> notFound());
        switch (InvitationState.of(invitation.state())) {
            case DECLINED -> {
                // declining twice changes nothing
            }
            case ACCEPTED ->
                throw new ApiException(
                        HttpStatus.CONFLICT,
                        "invitation_accepted",
                        "This invitation was accepted; leave the organization instead.");
            default -> throw notFound();
        }
    }

    /** Why an invitation addressed to me cannot be accepted (any other invitation: 404). */
    private ApiException whyNotOpen(UUID invitationId, String email) {
        var invitation = invitations.findReceived(invitationId, email).orElse(null);
        if (invitation == null) {
            return notFound();
        }
        return switch (invitation.effectiveState()) {
            case EXPIRED ->
                new ApiException(
                        HttpStatus.GONE,
                        "invitation_expired",
                        "This invitation has expired; ask the organization to invite you again.");
            case DECLINED ->
                new ApiException(
                        HttpStatus.CONFLICT,
                        "invitation_declined",
                        "This invitation was declined; ask the organization to invite you again.");
            // revoked, or accepted by an account that had this email before: nothing to show
            default -> notFound();
        };
    }

    private String myEmail(UUID userId) {
        var me = users.byIds(List.of(userId)).get(userId);
        if (me == null) {
            throw ApiException.notFound("account");
        }
        return normalize(me.email());
    }

    private static ApiException notFound() {
        return ApiException.notFound("invitation");
    }

    /** Something @ something, no blanks or control characters: the shape, not the mailbox. */
    private static boolean isEmail(String email) {
        int at = email.lastIndexOf('@');
        return email.length() <= MAX_EMAIL
                && at > 0
                && at < email.length() - 1
                && email.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }
}
