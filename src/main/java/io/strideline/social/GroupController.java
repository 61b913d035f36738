package io.strideline.social;

import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.social.GroupService.GroupView;
import io.strideline.social.GroupService.MemberView;
import io.strideline.social.PostService.PostView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/groups")
@Tag(name = "Social", description = "People, friends, blocks, posts, comments, likes, the feed and groups")
class GroupController {

    @Schema(description = "A new group; I become its owner.")
    record NewGroup(
            @Schema(
                    description = "1 to 100 characters.",
                    example = "Sunday long runs",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            String name,

            @Schema(description = "At most 2000 characters.", example = "30 km at 6:00/km") @Nullable
            String description,

            @Schema(description = "public or private.", example = "public", requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            GroupVisibility visibility) {}

    @Schema(description = "Changes to a group: only the fields sent (and not null) change.")
    record GroupChanges(
            @Schema(description = "1 to 100 characters.", example = "Sunday long runs") @Nullable
            String name,

            @Schema(description = "At most 2000 characters.", example = "30 km at 6:00/km") @Nullable
            String description,

            @Schema(description = "public or private.", example = "private") @Nullable
            GroupVisibility visibility) {}

    @Schema(name = "GroupRoleChange", description = "A member's new role.")
    record RoleChange(
            @Schema(
                    description = "owner, admin or member.",
                    example = "admin",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            @Nullable
            GroupRole role) {}

    private final GroupService groups;

    GroupController(GroupService groups) {
        this.groups = groups;
    }

    @Created(location = "/api/v1/groups/{id}")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createGroup", summary = "Create a group", description = "I become its owner.")
    GroupView create(CurrentUser user, @RequestBody NewGroup group) {
        return groups.create(user.id(), group.name(), group.description(), group.visibility());
    }

    @GetMapping
    @Operation(
            operationId = "listGroups",
            summary = "Public groups and mine",
            description = "Public groups, and private ones I am in, invited to or asked to join (other private "
                    + "groups are found by their link only: GET /groups/{id}); optionally those whose name contains "
                    + "query (2 to 100 characters, regardless of case and accents). Newest "
                    + "first; cursor pages.")
    Page<GroupView> list(
            CurrentUser user,
            @Parameter(description = "Part of a group's name.", example = "sunday")
                    @RequestParam(required = false)
                    @Nullable
                    String query,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return groups.list(user.id(), query, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getGroup",
            summary = "A group",
            description = "A public group; a private one to its members, and as its card (name, description, "
                    + "visibility, member count, my_state) to anyone else with its id, its invite link: they ask "
                    + "to join with POST /groups/{id}/members. Its members, posts and feed stay 404 to those who "
                    + "are not members. 404 as for an unknown id when one of its owners and I blocked the other.")
    GroupView get(CurrentUser user, @PathVariable UUID id) {
        return groups.get(user.id(), id);
    }

    @PatchMapping("/{id}")
    @Operation(
            operationId = "updateGroup",
            summary = "Change a group",
            description = "Admins and owners; 403 for other members.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "forbidden: needs the role admin.")
    GroupView update(CurrentUser user, @PathVariable UUID id, @RequestBody GroupChanges changes) {
        return groups.update(user.id(), id, changes.name(), changes.description(), changes.visibility());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteGroup",
            summary = "Delete a group",
            description = "Owners only (403 for others): the group, its memberships and its posts with their "
                    + "comments and likes.")
    @ApiResponse(responseCode = "403", description = "forbidden: needs the role owner.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        groups.delete(user.id(), id);
    }

    @GetMapping("/{id}/members")
    @Operation(
            operationId = "listGroupMembers",
            summary = "A group's members, invitations or requests",
            description = "state member (default): for anyone who may read the group (public: everyone signed in; "
                    + "private: its members, 404 to anyone else). invited and requested: for its admins. Newest "
                    + "first; people blocked either way are listed as hidden (user null).")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "forbidden: state invited or requested needs the role admin.")
    Page<MemberView> members(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "member (default), invited or requested.", example = "member")
                    @RequestParam(required = false)
                    @Nullable
                    MemberState state,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return groups.members(user.id(), id, state == null ? MemberState.MEMBER : state, PageRequest.of(limit, cursor));
    }

    @PostMapping("/{id}/members")
    @Operation(
            operationId = "joinGroup",
            summary = "Join a group",
            description = "A public group: I am a member at once. A private one: accepts my invitation, or else "
                    + "asks its admins (my_state requested); its id (the invite link) is enough to ask, unless one "
                    + "of its owners and I blocked the other (404). Again changes nothing.")
    GroupView join(CurrentUser user, @PathVariable UUID id) {
        return groups.join(user.id(), id);
    }

    @PutMapping("/{id}/members/{user_id}")
    @Operation(
            operationId = "admitGroupMember",
            summary = "Invite someone, or approve their request",
            description = "Admins and owners. Someone who asked becomes a member; anyone else is invited (they "
                    + "join with POST /groups/{id}/members). Again changes nothing. New invitations are limited per "
                    + "inviter (strideline.social.group-invitations-per-hour, default 30): beyond it 429 "
                    + "rate_limited with Retry-After; approving a request is not counted.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "forbidden: needs the role admin.")
    MemberView admit(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "The person's id.") @PathVariable("user_id") UUID userId) {
        return groups.admit(user.id(), id, userId);
    }

    @PatchMapping("/{id}/members/{user_id}")
    @Operation(
            operationId = "changeGroupRole",
            summary = "Change a member's role",
            description = "Owners change anyone's; admins make members admins. The last owner keeps the role "
                    + "(409 last_owner).")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "forbidden: my role does not outrank theirs.")
    @ApiResponse(responseCode = "409", description = "last_owner: a group keeps at least one owner.")
    MemberView changeRole(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "The member's id.") @PathVariable("user_id") UUID userId,
            @RequestBody RoleChange change) {
        return groups.changeRole(user.id(), id, userId, change.role());
    }

    @DeleteMapping("/{id}/members/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "removeGroupMember",
            summary = "Leave, decline, withdraw or remove",
            description = "My own id: leave the group, withdraw my request or decline an invitation (the last owner "
                    + "cannot leave: 409 last_owner). Someone else's (admins): remove a member my role outranks, "
                    + "refuse a request or withdraw an invitation. 204 also when there was nothing to remove.")
    @ApiResponse(responseCode = "403", description = "forbidden: my role does not outrank theirs.")
    @ApiResponse(responseCode = "409", description = "last_owner: a group keeps at least one owner.")
    void remove(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "The person's id.") @PathVariable("user_id") UUID userId) {
        groups.remove(user.id(), id, userId);
    }

    @GetMapping("/{id}/feed")
    @Operation(
            operationId = "getGroupFeed",
            summary = "A group's posts",
            description = "Newest first, for those who may read the group (a private one: its members; 404 to "
                    + "anyone else); without posts of people blocked either way. Post in it with POST /posts "
                    + "{group_id}.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    Page<PostView> feed(
            CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return groups.feed(user.id(), id, PageRequest.of(limit, cursor));
    }
}
