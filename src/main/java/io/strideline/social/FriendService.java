package io.strideline.social;

import io.strideline.activity.SharedActivities;
import io.strideline.identity.Relation;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.ApiException;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import io.strideline.platform.WireEnum;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Friend requests, friendships and blocks. Every call
 * is idempotent: asking again, accepting twice or removing a friend who is gone changes nothing.
 */
@Service
class FriendService {

    @ConfigurationProperties("strideline.social")
    record SocialLimits(int friendRequestsPerHour, int groupInvitationsPerHour) {}

    enum Status implements WireEnum {
        /** neither friends nor a request either way */
        NONE,
        /** I asked them */
        REQUESTED,
        /** they asked me */
        INCOMING,
        FRIENDS,
        /** I blocked them */
        BLOCKED
    }

    @Schema(description = "Where I stand with someone.")
    record Friendship(
            @Schema(description = "The other person.") UserCard user,

            @Schema(
                    description = "none; requested: I asked them; incoming: they asked me; friends; blocked: I "
                            + "blocked them.",
                    example = "friends")
            Status status) {}

    @Schema(name = "ListedPerson", description = "Someone in one of my lists, and since when.")
    record Listed(
            @Schema(description = "The person.") UserCard user,

            @Schema(description = "Friends since, request sent at, or blocked at.", example = "2026-03-01T08:30:00Z")
            Instant since) {}

    enum Direction implements WireEnum {
        INCOMING,
        OUTGOING
    }

    private final FriendRepository friends;
    private final FeedRepository feed;
    private final SharedActivities activities;
    private final UserDirectory directory;
    private final RateLimiter limiter;
    private final Limit requestLimit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FriendService(
            FriendRepository friends,
            FeedRepository feed,
            SharedActivities activities,
            UserDirectory directory,
            RateLimiter limiter,
            SocialLimits limits,
            ApplicationEventPublisher events,
            Clock clock) {
        this.friends = friends;
        this.feed = feed;
        this.activities = activities;
        this.directory = directory;
        this.limiter = limiter;
        this.requestLimit = new Limit("friend-requests", limits.friendRequestsPerHour(), Duration.ofHours(1));
        this.events = events;
        this.clock = clock;
    }

    /**
     * Asks someone to be friends; if they already asked me, this accepts theirs. Someone who
     * blocked me is answered as if they did not exist.
     */
    @Transactional
    Friendship request(UUID me, UUID other) {
        var card = visibleOther(me, other);
        friends.lockPair(me, other);
        if (friends.blocked(me, other)) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "blocked",
                    "You blocked this person; unblock them first (DELETE /blocks/{id}).");
        }
        if (friends.friends(me, other)) {
            return new Friendship(card, Status.FRIENDS);
        }
        if (friends.requested(other, me)) {
            befriend(me, other);
            return new Friendship(card, Status.FRIENDS);
        }
        if (!friends.requested(me, other)) {
            limiter.consume(requestLimit, me.toString());
            friends.insertRequest(me, other, clock.instant());
            events.publishEvent(new FriendRequested(me, other));
        }
        return new Friendship(card, Status.REQUESTED);
    }

    /** Accepts their request; accepting again (already friends) is fine, no request is a 404. */
    @Transactional
    Friendship accept(UUID me, UUID other) {
        var card = visibleOther(me, other);
        friends.lockPair(me, other);
        if (friends.friends(me, other)) {
            return new Friendship(card, Status.FRIENDS);
        }
        if (!friends.requested(other, me)) {
            throw ApiException.notFound("friend request");
        }
        befriend(me, other);
        return new Friendship(card, Status.FRIENDS);
    }

    /** Declines their request or withdraws mine; nothing to delete is fine. */
    @Transactional
    void decline(UUID me, UUID other) {
        friends.lockPair(me, other);
        friends.deleteRequests(me, other);
    }

    @Transactional
    void unfriend(UUID me, UUID other) {
        friends.lockPair(me, other);
        if (friends.deleteFriendship(me, other)) {
            feed.removeBetween(me, other);
            events.publishEvent(new FriendshipChanged(me, other, false, me));
        }
    }

    /** Ends the friendship and the requests, and hides each from the other from now on. */
    @Transactional
    void block(UUID me, UUID other) {
        if (me.equals(other)) {
            throw ApiException.invalid("user_id", "cannot be yourself");
        }
        if (directory.person(other).isEmpty()) {
            throw ApiException.notFound("user");
        }
        friends.lockPair(me, other);
        if (!friends.insertBlock(me, other, clock.instant())) {
            return;
        }
        friends.deleteRequests(me, other);
        if (friends.deleteFriendship(me, other)) {
            events.publishEvent(new FriendshipChanged(me, other, false, me));
        }
        feed.removeBetween(me, other);
        events.publishEvent(new BlockChanged(me, other, true));
    }

    @Transactional
    void unblock(UUID me, UUID other) {
        friends.lockPair(me, other);
        if (friends.deleteBlock(me, other)) {
            events.publishEvent(new BlockChanged(me, other, false));
        }
    }

    Friendship status(UUID me, UUID other) {
        var card = visibleOther(me, other);
        Status status = friends.blocked(me, other)
                ? Status.BLOCKED
                : friends.friends(me, other)
                        ? Status.FRIENDS
                        : friends.requested(me, other)
                                ? Status.REQUESTED
                                : friends.requested(other, me) ? Status.INCOMING : Status.NONE;
        return new Friendship(card, status);
    }

    Page<Listed> friends(UUID me, PageRequest page) {
        return listed(friends.friends(me, page), page);
    }

    Page<Listed> requests(UUID me, Direction direction, PageRequest page) {
        return listed(direction == Direction.INCOMING ? friends.incoming(me, page) : friends.outgoing(me, page), page);
    }

    Page<Listed> blocks(UUID me, PageRequest page) {
        return listed(friends.blocks(me, page), page);
    }

    private Page<Listed> listed(List<FriendRepository.Entry> rows, PageRequest page) {
        var people = directory.people(
                rows.stream().map(FriendRepository.Entry::userId).toList());
        var listed = rows.stream()
                .filter(e -> people.containsKey(e.userId()))
                .map(e -> new Listed(UserCard.of(Objects.requireNonNull(people.get(e.userId()))), e.at()))
                .toList();
        return Page.of(
                listed,
                page.limit(),
                l -> PageRequest.cursor(l.since(), l.user().id()));
    }

    /** Both directions at once; each one's feed gets the other's recent history. */
    private void befriend(UUID me, UUID other) {
        friends.deleteRequests(me, other);
        if (!friends.insertFriendship(me, other, clock.instant())) {
            return;
        }
        for (var pair : List.of(List.of(me, other), List.of(other, me))) {
            UUID owner = pair.get(0);
            UUID author = pair.get(1);
            feed.backfillPosts(owner, author);
            var latest = activities.latest(author, Relation.FRIEND, FeedRepository.BACKFILL);
            feed.add(
                    owner,
                    author,
                    FeedKind.ACTIVITY,
                    latest.stream().map(SharedActivities.Audience::id).toList(),
                    latest.stream().map(SharedActivities.Audience::startedAt).toList());
        }
        events.publishEvent(new FriendshipChanged(me, other, true, me));
    }

    /** The other person, unless unknown, myself or blocking me (all answered alike but myself). */
    private UserCard visibleOther(UUID me, UUID other) {
        if (me.equals(other)) {
            throw ApiException.invalid("user_id", "cannot be yourself");
        }
        var person = directory.person(other).orElseThrow(() -> ApiException.notFound("user"));
        if (friends.blocked(other, me)) {
            throw ApiException.notFound("user");
        }
        return UserCard.of(person);
    }
}
