package io.strideline.organization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.strideline.organization.InvitationService.InvitationView;
import io.strideline.organization.InvitationService.ReceivedView;
import io.strideline.organization.OrgRepository.Org;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(
        name = "Invitations",
        description = "People join an organization only by accepting an invitation sent to their email. Inviting "
                + "answers the same whether or not an account has the email (or it is a member already), and "
                + "nothing about the invitee is shown before they accept.")
class InvitationController {

    @Schema(description = "Whom to invite, and with which role.")
    record NewInvitation(
            @Schema(
                    description = "Whom to invite, at most 254 characters; stored and matched in lower case, without "
                            + "surrounding blanks.",
                    example = "bob@example.com",
                    requiredMode = REQUIRED)
            @Nullable
            String email,

            @Schema(
                    description = "Role on accepting. Admins invite members and viewers; only owners invite admins "
                            + "and owners.",
                    example = "member",
                    requiredMode = REQUIRED)
            @Nullable
            Role role) {}

    private final InvitationService invitations;

    InvitationController(InvitationService invitations) {
        this.invitations = invitations;
    }

    @PostMapping("/orgs/{id}/invitations")
    @Operation(
            operationId = "inviteMember",
            summary = "Invite someone by email (admin)",
            description = "201 with the invitation and its Location, the same for every email: whether an account "
                    + "has it or not, or its owner is a member already (accepting is then a no-op). Inviting an "
                    + "email that has an open invitation renews it (new role, new expiry, same id) and answers 200. "
                    + "The invitee sees it in GET /me/invitations. 409 personal_organization for a personal "
                    + "organization; 403 when an admin invites an admin or owner; 429 rate_limited with "
                    + "Retry-After beyond the invitations per inviter and per organization an hour.")
    @ApiResponse(
            responseCode = "201",
            description = "Invited",
            headers =
                    @Header(
                            name = "Location",
                            description = "Path of the invitation.",
                            required = true,
                            schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(
            responseCode = "200",
            description = "An open invitation of this email was renewed",
            headers =
                    @Header(
                            name = "Location",
                            description = "Path of the invitation.",
                            required = true,
                            schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(
            responseCode = "403",
            description =
                    "forbidden: this needs the admin role, and owner to invite (or re-invite) an admin or " + "owner.")
    @ApiResponse(
            responseCode = "409",
            description = "personal_organization: a personal organization has no other members.")
    ResponseEntity<InvitationView> invite(CurrentUser user, @PathVariable UUID id, @RequestBody NewInvitation body) {
        var sent = invitations.invite(user.id(), id, body.email(), body.role());
        var invitation = sent.invitation();
        return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/orgs/" + id + "/invitations/" + invitation.id()))
                .body(invitation);
    }

    @GetMapping("/orgs/{id}/invitations")
    @Operation(
            operationId = "listOrgInvitations",
            summary = "Open invitations of an organization (admin)",
            description = "Not yet accepted, declined or revoked, newest first; state is pending or expired (inviting "
                    + "the email again renews an expired one). Cursor pages: limit 1..200 (default 50), cursor = "
                    + "next_cursor of the previous page.")
    @ApiResponse(responseCode = "200", description = "A page of open invitations.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    Page<InvitationView> list(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return invitations.pending(user.id(), id, PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/orgs/{id}/invitations/{invitationId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "revokeInvitation",
            summary = "Withdraw an open invitation (admin)",
            description = "It can no longer be accepted. Only owners withdraw invitations to admin or owner (403). "
                    + "404 when the organization has no open invitation with this id.")
    @ApiResponse(
            responseCode = "403",
            description = "forbidden: this needs the admin role, and owner for an invitation to admin or owner.")
    void revoke(CurrentUser user, @PathVariable UUID id, @PathVariable UUID invitationId) {
        invitations.revoke(user.id(), id, invitationId);
    }

    @GetMapping("/me/invitations")
    @Operation(
            operationId = "listMyInvitations",
            summary = "Invitations to my email",
            description = "Open, unexpired invitations addressed to my account's email (compared case-insensitively), "
                    + "newest first, with the organization's name and who invited me. Cursor pages: limit 1..200 "
                    + "(default 50), cursor = next_cursor of the previous page.")
    Page<ReceivedView> mine(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return invitations.received(user.id(), PageRequest.of(limit, cursor));
    }

    @PostMapping("/me/invitations/{id}:accept")
    @Operation(
            operationId = "acceptInvitation",
            summary = "Accept an invitation: join the organization",
            description = "200 with the organization and my role in it. A member already keeps their role. Accepting "
                    + "again answers the same. 410 invitation_expired past expires_at; 409 invitation_declined "
                    + "after declining; 404 for an invitation that is not addressed to me or was withdrawn.")
    @ApiResponse(responseCode = "200", description = "The organization I joined, with my role in it.")
    @ApiResponse(responseCode = "409", description = "invitation_declined: I declined this invitation.")
    @ApiResponse(
            responseCode = "410",
            description = "invitation_expired: past its expires_at; ask to be invited again.")
    Org accept(CurrentUser user, @PathVariable UUID id) {
        return invitations.accept(user.id(), id);
    }

    @PostMapping("/me/invitations/{id}:decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "declineInvitation",
            summary = "Decline an invitation",
            description = "Also an expired one; declining again changes nothing. 409 invitation_accepted after "
                    + "accepting (leave the organization instead); 404 for an invitation that is not addressed to "
                    + "me or was withdrawn.")
    @ApiResponse(
            responseCode = "409",
            description = "invitation_accepted: I accepted it already; leave the organization instead.")
    void decline(CurrentUser user, @PathVariable UUID id) {
        invitations.decline(user.id(), id);
    }
}
