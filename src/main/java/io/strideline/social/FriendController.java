package io.strideline.social;

import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.social.FriendService.Direction;
import io.strideline.social.FriendService.Friendship;
import io.strideline.social.FriendService.Listed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Social", description = "People, friends, blocks, posts, comments, likes, the feed and groups")
class FriendController {

    private final FriendService friends;

    FriendController(FriendService friends) {
        this.friends = friends;
    }

    @GetMapping("/friends")
    @Operation(
            operationId = "listFriends",
            summary = "My friends",
            description = "Newest friendship first; cursor pages (limit 1..200, default 50).")
    Page<Listed> list(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return friends.friends(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/friends/requests")
    @Operation(
            operationId = "listFriendRequests",
            summary = "Friend requests to me or from me",
            description = "incoming (default): people who asked me; outgoing: people I asked. Newest first; "
                    + "cursor pages.")
    Page<Listed> requests(
            CurrentUser user,
            @Parameter(description = "incoming (to me, the default) or outgoing (from me).", example = "incoming")
                    @RequestParam(required = false)
                    @Nullable
                    Direction direction,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return friends.requests(
                user.id(), direction == null ? Direction.INCOMING : direction, PageRequest.of(limit, cursor));
    }

    @PostMapping("/friends/requests/{user_id}")
    @Operation(
            operationId = "sendFriendRequest",
            summary = "Ask someone to be friends",
            description = "status requested; when they had already asked me, this accepts theirs and the status is "
                    + "friends. Asking again changes nothing. 422 for myself; 404 for an unknown person and, alike, "
                    + "for one who blocked me; 409 blocked when I blocked them. New requests are limited per "
                    + "person and hour (429 with Retry-After).")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "blocked: I blocked this person.")
    @ApiResponse(responseCode = "429", description = "too_many_requests: too many friend requests this hour.")
    Friendship request(CurrentUser user, @PathVariable("user_id") UUID userId) {
        return friends.request(user.id(), userId);
    }

    @PostMapping("/friends/requests/{user_id}/accept")
    @Operation(
            operationId = "acceptFriendRequest",
            summary = "Accept someone's friend request",
            description = "We are friends from now on, and each feed gets the other's recent posts and "
                    + "activities. Accepting again is fine; 404 when there is no request from them.")
    Friendship accept(CurrentUser user, @PathVariable("user_id") UUID userId) {
        return friends.accept(user.id(), userId);
    }

    @DeleteMapping("/friends/requests/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteFriendRequest",
            summary = "Decline their request, or withdraw mine",
            description = "Deletes the request between us, whichever way it goes; 204 also when there is none. "
                    + "They are not told.")
    void decline(CurrentUser user, @PathVariable("user_id") UUID userId) {
        friends.decline(user.id(), userId);
    }

    @GetMapping("/friends/{user_id}")
    @Operation(
            operationId = "getFriendship",
            summary = "Where I stand with someone",
            description = "none, requested, incoming, friends or blocked. 404 for an unknown person and for one "
                    + "who blocked me.")
    Friendship status(CurrentUser user, @PathVariable("user_id") UUID userId) {
        return friends.status(user.id(), userId);
    }

    @DeleteMapping("/friends/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "removeFriend",
            summary = "End a friendship",
            description = "Both stop seeing the other's friends-only content and items in their feeds; 204 also "
                    + "when we were not friends.")
    void unfriend(CurrentUser user, @PathVariable("user_id") UUID userId) {
        friends.unfriend(user.id(), userId);
    }

    @GetMapping("/blocks")
    @Operation(operationId = "listBlocks", summary = "People I blocked", description = "Newest first; cursor pages.")
    Page<Listed> blocks(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return friends.blocks(user.id(), PageRequest.of(limit, cursor));
    }

    @PutMapping("/blocks/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "blockUser",
            summary = "Block someone",
            description = "Ends our friendship and any request between us. From then on neither sees the other "
                    + "anywhere (profile, search, activities, posts, comments, likes, feeds, group member lists "
                    + "show them hidden), and neither can ask, comment on or like the other's things. They are not "
                    + "told. Blocking again changes nothing; 422 for myself, 404 for an unknown person.")
    void block(CurrentUser user, @PathVariable("user_id") UUID userId) {
        friends.block(user.id(), userId);
    }

    @DeleteMapping("/blocks/{user_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "unblockUser",
            summary = "Unblock someone",
            description = "We see each other again as strangers (the friendship does not come back); 204 also "
                    + "when I had not blocked them.")
    void unblock(CurrentUser user, @PathVariable("user_id") UUID userId) {
        friends.unblock(user.id(), userId);
    }
}
