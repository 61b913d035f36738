package io.strideline.organization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.strideline.organization.OrgRepository.Org;
import io.strideline.organization.OrgService.MemberView;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orgs")
@Tag(
        name = "Organizations",
        description = "Organizations own devices. Roles: viewer reads; member also sends commands and "
                + "acknowledges alerts; admin also manages devices, alert rules and members; owner also "
                + "manages admins and owners. People join by accepting an invitation "
                + "(Invitations). Someone else's organization answers 404.")
class OrgController {

    private static final String RAW_RETENTION =
            "Days raw sensor readings are kept, 1 to 3650 (default 90); older ones are dropped, hourly and "
                    + "daily rollups are kept.";

    @Schema(description = "A new organization.")
    record NewOrg(
            @Schema(
                    description = "Its name, 1 to 100 characters; surrounding blanks are removed.",
                    example = "Greenhouse fleet",
                    requiredMode = REQUIRED)
            @Nullable
            String name,

            @Schema(description = RAW_RETENTION, example = "30") @Nullable
            Integer rawRetentionDays) {}

    @Schema(description = "Changes to an organization: only the fields sent (and not null) change.")
    record OrgChanges(
            @Schema(description = "A new name, 1 to 100 characters.", example = "Greenhouse fleet") @Nullable
            String name,

            @Schema(description = RAW_RETENTION, example = "30") @Nullable
            Integer rawRetentionDays) {}

    @Schema(description = "A member's new role.")
    record RoleChange(
            @Schema(
                    description = "The new role. Only owners grant (or take away) admin and owner.",
                    example = "admin",
                    requiredMode = REQUIRED)
            @Nullable
            Role role) {}

    private final OrgService orgs;

    OrgController(OrgService orgs) {
        this.orgs = orgs;
    }

    @Created(location = "/api/v1/orgs/{id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createOrg",
            summary = "Create an organization",
            description = "I become its owner. Others join by invitation.")
    Org create(CurrentUser user, @RequestBody NewOrg body) {
        return orgs.create(user.id(), body.name(), body.rawRetentionDays());
    }

    @GetMapping
    @Operation(
            operationId = "listOrgs",
            summary = "My organizations with my role",
            description = "Includes my personal organization (personal: true), where devices I pair land. Newest "
                    + "first; cursor pages (limit 1..200, default 50; cursor = next_cursor of the previous page).")
    Page<Org> list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return orgs.list(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getOrg",
            summary = "One of my organizations",
            description = "With my role in it. Someone else's organization: 404.")
    Org get(CurrentUser user, @PathVariable UUID id) {
        return orgs.get(user.id(), id);
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "updateOrg",
            summary = "Rename, or change raw-data retention (admin)",
            description = "raw_retention_days (1..3650, default 90): raw sensor readings older than this are "
                    + "dropped; hourly and daily rollups are kept.")
    @ApiResponse(responseCode = "200", description = "The organization as it is now.")
    @ApiResponse(responseCode = "403", description = "forbidden: this needs the admin role.")
    Org update(CurrentUser user, @PathVariable UUID id, @RequestBody OrgChanges body) {
        return orgs.update(user.id(), id, body.name(), body.rawRetentionDays());
    }

    @GetMapping("/{id}/members")
    @Operation(
            operationId = "listOrgMembers",
            summary = "Members and their roles",
            description = "Any member may read. Newest members first; cursor pages (limit 1..200, default 50).")
    Page<MemberView> members(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return orgs.members(user.id(), id, PageRequest.of(limit, cursor));
    }

    @PatchMapping("/{id}/members/{userId}")
    @Operation(
            operationId = "changeOrgMemberRole",
            summary = "Change a member's role (admin)",
            description = "Only owners change admins and owners, or make someone admin or owner. The last owner "
                    + "cannot step down (409 last_owner).")
    @ApiResponse(responseCode = "200", description = "The member with the new role.")
    @ApiResponse(
            responseCode = "403",
            description = "forbidden: this needs the admin role, or owner for admins and owners.")
    @ApiResponse(responseCode = "409", description = "last_owner: an organization keeps at least one owner.")
    MemberView changeRole(
            CurrentUser user, @PathVariable UUID id, @PathVariable UUID userId, @RequestBody RoleChange body) {
        return orgs.changeRole(user.id(), id, userId, body.role());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "removeOrgMember",
            summary = "Remove a member (admin), or leave (anyone, with my own id)",
            description = "Only owners remove admins and owners; the last owner cannot leave (409 last_owner).")
    @ApiResponse(
            responseCode = "403",
            description = "forbidden: removing someone else needs the admin role, or owner for admins and owners.")
    @ApiResponse(responseCode = "409", description = "last_owner: an organization keeps at least one owner.")
    void removeMember(CurrentUser user, @PathVariable UUID id, @PathVariable UUID userId) {
        orgs.removeMember(user.id(), id, userId);
    }
}
