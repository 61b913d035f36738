package io.strideline.social;

import io.strideline.activity.SharedActivities;
import io.strideline.identity.Relation;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.ApiException;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Profiles and search: small enough that the controller asks the directory itself. */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Social", description = "People, friends, blocks, posts, comments, likes, the feed and groups")
class PeopleController {

    @Schema(description = "Someone's public profile: never an email.")
    record UserProfile(
            @Schema(description = "The person's id.", example = "0190a8c2-7d3e-7b61-9f0a-3c5d2e1f4a6b")
            UUID id,

            @Schema(description = "Their display name.", example = "Ann")
            String displayName,

            @Schema(description = "http(s) URL of their picture; null when none.") @Nullable
            String avatarUrl,

            @Schema(description = "When they joined.", example = "2026-03-01T08:30:00Z")
            Instant memberSince,

            @Schema(description = "Where I stand with them.", example = "friends")
            FriendService.Status friendship,

            @Schema(
                    description = "Their counts and totals, of the activities I may see; null when their "
                            + "profile_visibility does not let me see them.")
            @Nullable
            ProfileStats stats) {}

    @Schema(description = "Counts and totals on a profile: only of the activities the viewer may see.")
    record ProfileStats(
            @Schema(description = "Activities I may see.", example = "42")
            long activities,

            @Schema(description = "Their distance in metres.", example = "312000.5")
            double distanceMeters,

            @Schema(description = "Their duration in seconds.", example = "98000")
            long durationSeconds,

            @Schema(description = "How many friends they have.", example = "12")
            long friends) {}

    private final UserDirectory directory;
    private final FriendService friendships;
    private final FriendRepository friends;
    private final SharedActivities activities;

    PeopleController(
            UserDirectory directory, FriendService friendships, FriendRepository friends, SharedActivities activities) {
        this.directory = directory;
        this.friendships = friendships;
        this.friends = friends;
        this.activities = activities;
    }

    @GetMapping
    @Operation(
            operationId = "searchUsers",
            summary = "Find people by name",
            description = "Display names containing query (at least 2 characters), regardless of case and "
                    + "accents (\"zoe\" finds Zoë). Newest members first; cursor pages. People who blocked me or "
                    + "whom I blocked are not listed.")
    Page<UserCard> search(
            CurrentUser user,
            @Parameter(description = "Part of a display name, 2 to 100 characters.", example = "ann")
                    @RequestParam(required = false)
                    @Nullable
                    String query,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        if (query == null || query.strip().length() < 2 || query.length() > 100) {
            throw ApiException.invalid("query", "must have 2 to 100 characters");
        }
        var page = PageRequest.of(limit, cursor);
        var found = directory.search(query, friends.blockedEitherWay(user.id()), page);
        return Page.of(found, page.limit(), p -> PageRequest.cursor(p.createdAt(), p.id()))
                .map(UserCard::of);
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getUser",
            summary = "Someone's profile",
            description = "Name, picture, member since and where I stand with them; their counts and totals when "
                    + "their profile_visibility lets me see them (counting only the activities I may see). 404 for "
                    + "an unknown id and, alike, between people where one blocked the other.")
    UserProfile get(CurrentUser user, @PathVariable UUID id) {
        var person = directory.person(id).orElseThrow(() -> ApiException.notFound("user"));
        var relation = friends.relation(user.id(), id);
        if (relation == Relation.BLOCKED) {
            throw ApiException.notFound("user");
        }
        ProfileStats stats = null;
        if (relation.sees(person.profileVisibility())) {
            var totals = activities.totals(id, relation);
            stats = new ProfileStats(
                    totals.activities(), totals.distanceMeters(), totals.durationSeconds(), friends.friendCount(id));
        }
        var status = relation == Relation.SELF
                ? FriendService.Status.NONE
                : friendships.status(user.id(), id).status();
        return new UserProfile(
                person.id(), person.displayName(), person.avatarUrl(), person.createdAt(), status, stats);
    }
}
