package io.strideline.gamification;

import io.strideline.gamification.ChallengeService.ChallengeChanges;
import io.strideline.gamification.ChallengeService.ChallengeInvitation;
import io.strideline.gamification.ChallengeService.ChallengeView;
import io.strideline.gamification.ChallengeService.FriendsLeaderboard;
import io.strideline.gamification.ChallengeService.Leaderboard;
import io.strideline.gamification.ChallengeService.NewChallenge;
import io.strideline.platform.Created;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
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
@RequestMapping("/api/v1")
@Tag(name = "Challenges", description = "Challenges with friends, groups or everyone, and leaderboards")
class ChallengeController {

    private final ChallengeService challenges;

    ChallengeController(ChallengeService challenges) {
        this.challenges = challenges;
    }

    @Created(location = "/api/v1/challenges/{id}")
    @PostMapping("/challenges")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            operationId = "createChallenge",
            summary = "Start a challenge",
            description = "Over local dates start_date..end_date (inclusive), each participant's data counted in "
                    + "their own time zone. With a target it is a race (first to reach it ranks first among "
                    + "equals); without, most wins. I take part from the start.")
    ChallengeView create(CurrentUser user, @RequestBody NewChallenge challenge) {
        return challenges.create(user.id(), challenge);
    }

    @GetMapping("/challenges")
    @Operation(
            operationId = "listChallenges",
            summary = "Challenges I may see, newest first",
            description = "Public ones, my groups', and those I created, take part in or was invited to. status "
                    + "filters by my local date. Cursor pages: limit 1..200 (default 50).")
    Page<ChallengeView> list(
            CurrentUser user,
            @Parameter(description = "upcoming, active or finished; default all.")
                    @RequestParam(required = false)
                    @Nullable
                    ChallengeStatus status,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return challenges.list(user.id(), status, PageRequest.of(limit, cursor));
    }

    @GetMapping("/challenges/{id}")
    @Operation(
            operationId = "getChallenge",
            summary = "One challenge, with my progress",
            description = "404 alike for unknown challenges and those I may not see: a private one I did not "
                    + "create, join or get invited to; a group one of a group I am not a member of (seeing a "
                    + "private group's card is not membership).")
    ChallengeView get(CurrentUser user, @PathVariable UUID id) {
        return challenges.get(user.id(), id);
    }

    @PatchMapping("/challenges/{id}")
    @Operation(
            operationId = "updateChallenge",
            summary = "Change a challenge (its creator)",
            description = "name, description, max_participants; metric and dates stay. 403 not_the_creator for "
                    + "others who see it.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "403", description = "not_the_creator: only its creator changes it.")
    ChallengeView update(CurrentUser user, @PathVariable UUID id, @RequestBody ChallengeChanges changes) {
        return challenges.update(user.id(), id, changes);
    }

    @DeleteMapping("/challenges/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "deleteChallenge",
            summary = "Delete a challenge (its creator)",
            description = "With its participations and leaderboard; rewards already credited stay.")
    @ApiResponse(responseCode = "403", description = "not_the_creator: only its creator deletes it.")
    void delete(CurrentUser user, @PathVariable UUID id) {
        challenges.delete(user.id(), id);
    }

    @PostMapping("/challenges/{id}/join")
    @Operation(
            operationId = "joinChallenge",
            summary = "Take part",
            description = "Idempotent. My data already stored in the window counts. Private challenges need an "
                    + "invitation, group ones membership. 409 challenge_full at max_participants, 409 "
                    + "challenge_finished after its end date.")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
    @ApiResponse(responseCode = "409", description = "challenge_full or challenge_finished.")
    ChallengeView join(CurrentUser user, @PathVariable UUID id) {
        return challenges.join(user.id(), id);
    }

    @DeleteMapping("/challenges/{id}/join")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "leaveChallenge",
            summary = "Stop taking part",
            description = "My entry leaves the leaderboard and a completion reward is withdrawn; 404 when I do not "
                    + "take part.")
    void leave(CurrentUser user, @PathVariable UUID id) {
        challenges.leave(user.id(), id);
    }

    @PostMapping("/challenges/{id}/invitations")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "inviteToChallenge",
            summary = "Invite a friend",
            description = "The creator or a participant invites a friend, who is notified and may then see and "
                    + "join it (also a private one). 404 for people who are not my friends.")
    @ApiResponse(responseCode = "403", description = "not_a_participant: only the creator and participants invite.")
    @ApiResponse(responseCode = "409", description = "challenge_finished: it has ended.")
    void invite(CurrentUser user, @PathVariable UUID id, @RequestBody ChallengeInvitation invitation) {
        challenges.invite(user.id(), id, invitation);
    }

    @GetMapping("/challenges/{id}/leaderboard")
    @Operation(
            operationId = "getChallengeLeaderboard",
            summary = "A challenge's leaderboard",
            description = "Ordered by progress (cut at the target), then by who reached it first; equal places "
                    + "share a rank. With my own entry and the entries just above and below me. scope friends "
                    + "ranks me and my friends only. People who blocked each other do not see each other. Cursor "
                    + "pages: limit 1..200 (default 50).")
    Leaderboard leaderboard(
            CurrentUser user,
            @PathVariable UUID id,
            @Parameter(description = "all (default) or friends.") @RequestParam(required = false) @Nullable
                    LeaderboardScope scope,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return challenges.leaderboard(user.id(), id, scope, PageRequest.of(limit, cursor));
    }

    @GetMapping("/leaderboards")
    @Operation(
            operationId = "getFriendsLeaderboard",
            summary = "Me and my friends this week or month",
            description = "The period is in my time zone (weeks Monday to Sunday). Activity metrics count what "
                    + "each friend lets friends see; steps and XP show for friends whose profile I may see. scope "
                    + "is friends (the only one).")
    FriendsLeaderboard friends(
            CurrentUser user,
            @Parameter(description = "What is counted.", required = true) @RequestParam(required = false) @Nullable
                    ChallengeMetric metric,
            @Parameter(description = "week (default) or month.") @RequestParam(required = false) @Nullable
                    LeaderboardPeriod period,
            @Parameter(description = "friends (the default and only scope).") @RequestParam(required = false) @Nullable
                    FriendsScope scope,
            @Parameter(description = "At most this many entries, 1..200 (default 50); my own is always given.")
                    @RequestParam(required = false)
                    @Nullable
                    Integer limit) {
        return challenges.friendsLeaderboard(user.id(), metric, period, limit);
    }

    /** The scopes of the friends leaderboard. */
    enum FriendsScope implements io.strideline.platform.WireEnum {
        FRIENDS
    }
}
