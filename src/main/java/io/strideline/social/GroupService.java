package io.strideline.social;

import io.strideline.identity.Relation;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.RateLimiter;
import io.strideline.platform.RateLimiter.Limit;
import io.strideline.platform.Validation;
import io.strideline.social.GroupRepository.Group;
import io.strideline.social.GroupRepository.Member;
import io.strideline.social.PostService.PostView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Groups with roles owner > admin > member. Public groups: anyone signed in sees them, their
 * members and posts, and joins at once. Private groups: found by their link, not by search: anyone
 * with the id whom no owner blocked (either way) reads the card (name, description, member count)
 * and asks to join; only members read the members, posts and feed (404 to others, as for an
 * unknown group). One joins by invitation or by a request an admin approves.
 */
@Service
class GroupService {

    @Schema(name = "Group", description = "A group, and where I stand with it.")
    record GroupView(
            @Schema(description = "The group's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "Its name, 1 to 100 characters.", example = "Sunday long runs")
            String name,

            @Schema(description = "What it is about, at most 2000 characters.", example = "30 km at 6:00/km") @Nullable
            String description,

            @Schema(
                    description = "public: listed and open to all; private: not listed, its card (this) shown to "
                            + "those with its link, its members and posts to members only.",
                    example = "public")
            GroupVisibility visibility,

            @Schema(description = "How many members it has.", example = "12")
            int memberCount,

            @Schema(description = "When it was created.", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(description = "Last change of name, description or visibility.", example = "2026-03-01T08:30:00Z")
            Instant updatedAt,

            @Schema(description = "My role; null when I am not in it.", example = "member") @Nullable
            GroupRole myRole,

            @Schema(
                    description = "member, invited (I may join) or requested (I asked); null when neither.",
                    example = "member")
            @Nullable
            MemberState myState) {

        static GroupView of(Group g) {
            return new GroupView(
                    g.id(),
                    g.name(),
                    g.description(),
                    g.visibility(),
                    g.memberCount(),
                    g.createdAt(),
                    g.updatedAt(),
                    g.myState() == MemberState.MEMBER ? g.myRole() : null,
                    g.myState());
        }
    }

    @Schema(name = "GroupMember", description = "Someone in a group, or asking or invited to be.")
    record MemberView(
            @Schema(description = "The person; null when hidden (one of us blocked the other).") @Nullable
            UserCard user,

            @Schema(description = "Whether the person is hidden from me.", example = "false")
            boolean hidden,

            @Schema(
                    description = "Their role (a request or an invitation: the role they would have).",
                    example = "admin")
            GroupRole role,

            @Schema(description = "member, invited or requested.", example = "member")
            MemberState state,

            @Schema(description = "Since when they are in this state.", example = "2026-03-01T08:30:00Z")
            Instant since) {}

    private final GroupRepository groups;
    private final FriendRepository friends;
    private final PostRepository posts;
    private final PostService rendering;
    private final UserDirectory directory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    private final RateLimiter limiter;
    private final Limit invitationLimit;

    GroupService(
            GroupRepository groups,
            FriendRepository friends,
            PostRepository posts,
            PostService rendering,
            UserDirectory directory,
            ApplicationEventPublisher events,
            Clock clock,
            RateLimiter limiter,
            FriendService.SocialLimits limits) {
        this.limiter = limiter;
        // each invitation is a notification whose title carries a name the inviter chose: spam
        this.invitationLimit = new Limit("group-invitations", limits.groupInvitationsPerHour(), Duration.ofHours(1));
        this.groups = groups;
        this.friends = friends;
        this.posts = posts;
        this.rendering = rendering;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Whether the viewer (whose membership the group row carries) reads its members and posts; the
     * card of a private group is more widely seen (see {@link #visible}), its content is not.
     */
    static boolean canRead(Group g) {
        return g.visibility() == GroupVisibility.PUBLIC || g.myState() == MemberState.MEMBER;
    }

    @Transactional
    GroupView create(
            UUID me, @Nullable String name, @Nullable String description, @Nullable GroupVisibility visibility) {
        validate(name, description)
                .check(visibility != null, "visibility", "is required: public or private")
                .throwIfInvalid();
        UUID id = Ids.newId();
        Instant now = clock.instant();
        groups.insert(
                id,
                Objects.requireNonNull(name, "checked above").strip(),
                description,
                Objects.requireNonNull(visibility, "checked above"),
                now);
        groups.put(id, me, GroupRole.OWNER, MemberState.MEMBER, now);
        return get(me, id);
    }

    Page<GroupView> list(UUID me, @Nullable String query, PageRequest page) {
        if (query != null && (query.strip().length() < 2 || query.length() > 100)) {
            throw ApiException.invalid("query", "must have 2 to 100 characters");
        }
        return Page.of(groups.list(me, query, page), page.limit(), g -> PageRequest.cursor(g.createdAt(), g.id()))
                .map(GroupView::of);
    }

    GroupView get(UUID me, UUID id) {
        return GroupView.of(visible(me, id, false));
    }

    @Transactional
    GroupView update(
            UUID me,
            UUID id,
            @Nullable String name,
            @Nullable String description,
            @Nullable GroupVisibility visibility) {
        var g = visible(me, id, true);
        requireRole(g, GroupRole.ADMIN);
        validate(name != null ? name : g.name(), description).throwIfInvalid();
        groups.update(
                id,
                name != null ? name.strip() : g.name(),
                description != null ? description : g.description(),
                visibility != null ? visibility : g.visibility(),
                clock.instant());
        return get(me, id);
    }

    @Transactional
    void delete(UUID me, UUID id) {
        var g = visible(me, id, true);
        requireRole(g, GroupRole.OWNER);
        var members = groups.memberIds(id);
        groups.delete(id);
        members.forEach(m -> events.publishEvent(new GroupMembershipEnded(id, m)));
    }

    /**
     * Joins a public group, accepts an invitation, or asks to join a private group. Knowing a
     * private group's id is enough to ask (an invite link), unless an owner and I blocked one
     * another; again changes nothing.
     */
    @Transactional
    GroupView join(UUID me, UUID id) {
        var g = visible(me, id, true);
        if (g.myState() == MemberState.MEMBER || g.myState() == MemberState.REQUESTED) {
            return GroupView.of(g);
        }
        Instant now = clock.instant();
        if (g.visibility() == GroupVisibility.PUBLIC || g.myState() == MemberState.INVITED) {
            groups.put(id, me, GroupRole.MEMBER, MemberState.MEMBER, now);
        } else {
            groups.put(id, me, GroupRole.MEMBER, MemberState.REQUESTED, now);
            var hidden = new HashSet<>(friends.blockedEitherWay(me));
            var admins =
                    groups.admins(id).stream().filter(a -> !hidden.contains(a)).toList();
            events.publishEvent(new GroupJoinRequested(id, g.name(), me, admins));
        }
        return get(me, id);
    }

    /** An admin invites someone, or approves their request; again changes nothing. */
    @Transactional
    MemberView admit(UUID me, UUID id, UUID userId) {
        var g = visible(me, id, true);
        requireRole(g, GroupRole.ADMIN);
        var person = directory.person(userId).orElseThrow(() -> ApiException.notFound("user"));
        if (friends.relation(me, userId) == Relation.BLOCKED) {
            throw ApiException.notFound("user");
        }
        var existing = groups.member(id, userId);
        Instant now = clock.instant();
        if (existing.isEmpty()) {
            limiter.consume(invitationLimit, me.toString());
            groups.put(id, userId, GroupRole.MEMBER, MemberState.INVITED, now);
            events.publishEvent(new GroupInvitation(id, g.name(), userId, me));
        } else if (existing.get().state() == MemberState.REQUESTED) {
            groups.put(id, userId, existing.get().role(), MemberState.MEMBER, now);
        }
        var m = groups.member(id, userId).orElseThrow();
        return new MemberView(UserCard.of(person), false, m.role(), m.state(), m.since());
    }

    @Transactional
    MemberView changeRole(UUID me, UUID id, UUID userId, @Nullable GroupRole role) {
        if (role == null) {
            throw ApiException.invalid("role", "is required: owner, admin or member");
        }
        var g = visible(me, id, true);
        requireRole(g, GroupRole.ADMIN);
        var target = groups.member(id, userId)
                .filter(m -> m.state() == MemberState.MEMBER)
                .orElseThrow(() -> ApiException.notFound("member"));
        var mine = g.myRole();
        boolean allowed =
                mine == GroupRole.OWNER || (mine != null && mine.compareTo(target.role()) < 0 && mine.atLeast(role));
        if (!allowed) {
            throw forbidden("Only a higher role may change this member's role.");
        }
        if (target.role() == GroupRole.OWNER && role != GroupRole.OWNER && groups.owners(id) == 1) {
            throw lastOwner();
        }
        groups.put(id, userId, role, MemberState.MEMBER, target.since());
        var person = directory.person(userId).map(UserCard::of).orElse(null);
        return new MemberView(person, person == null, role, MemberState.MEMBER, target.since());
    }

    /**
     * Leaving (myself), withdrawing my request, declining an invitation, or, by an admin who
     * outranks them, removing someone, refusing a request or withdrawing an invitation.
     */
    @Transactional
    void remove(UUID me, UUID id, UUID userId) {
        var g = groups.find(id, me, true).orElseThrow(() -> ApiException.notFound("group"));
        var target = groups.member(id, userId);
        if (me.equals(userId)) {
            if (target.isEmpty()) {
                return;
            }
            if (target.get().role() == GroupRole.OWNER
                    && target.get().state() == MemberState.MEMBER
                    && groups.owners(id) == 1) {
                throw lastOwner();
            }
            groups.remove(id, me);
            ended(id, target.get());
            return;
        }
        visible(me, id, false); // someone blocked with an owner: as for an unknown group, not 403
        requireRole(g, GroupRole.ADMIN);
        if (target.isEmpty()) {
            return;
        }
        var mine = g.myRole();
        boolean outranks = target.get().state() != MemberState.MEMBER
                || mine == GroupRole.OWNER
                || (mine != null && mine.compareTo(target.get().role()) < 0);
        if (!outranks) {
            throw forbidden("Only a higher role may remove this member.");
        }
        groups.remove(id, userId);
        ended(id, target.get());
    }

    /** Only a member in full read through the group (its challenges): withdrawn invitations end nothing. */
    private void ended(UUID groupId, Member removed) {
        if (removed.state() == MemberState.MEMBER) {
            events.publishEvent(new GroupMembershipEnded(groupId, removed.userId()));
        }
    }

    /** Members for those who read the group; invitations and requests for its admins. */
    Page<MemberView> members(UUID me, UUID id, MemberState state, PageRequest page) {
        var g = visible(me, id, false);
        if (!canRead(g)) {
            // the card is all a non-member learns of a private group: its members as unknown as its posts
            throw ApiException.notFound("group");
        }
        if (state != MemberState.MEMBER) {
            requireRole(g, GroupRole.ADMIN);
        }
        var rows =
                Page.of(groups.members(id, state, page), page.limit(), m -> PageRequest.cursor(m.since(), m.userId()));
        var hidden = new HashSet<>(friends.blockedEitherWay(me));
        var people = directory.people(rows.items().stream().map(Member::userId).toList());
        return rows.map(m -> {
            var p = people.get(m.userId());
            boolean hide = p == null || hidden.contains(m.userId());
            return p == null || hide
                    ? new MemberView(null, true, m.role(), m.state(), m.since())
                    : new MemberView(UserCard.of(p), false, m.role(), m.state(), m.since());
        });
    }

    Page<PostView> feed(UUID me, UUID id, PageRequest page) {
        var g = visible(me, id, false);
        if (!canRead(g)) {
            throw ApiException.notFound("group");
        }
        var rows = posts.ofGroup(id, friends.blockedEitherWay(me), page);
        var shown = rows.subList(0, Math.min(rows.size(), page.limit()));
        var rendered = rendering.render(me, shown);
        String next = rows.size() > page.limit()
                ? PageRequest.cursor(
                        shown.getLast().createdAt(), shown.getLast().id())
                : null;
        return new Page<>(rendered, next);
    }

    /**
     * A group whose card the viewer may see, else 404 as for an unknown id: a public one; a private
     * one to its members, and to anyone else with its id (the invite link) unless an owner and they
     * blocked one another. Private groups are still left out of others' listings ({@link #list}).
     */
    private Group visible(UUID me, UUID id, boolean forUpdate) {
        var g = groups.find(id, me, forUpdate).orElseThrow(() -> ApiException.notFound("group"));
        if (g.visibility() == GroupVisibility.PRIVATE
                && g.myState() != MemberState.MEMBER
                && groups.ownedByAnyOf(id, friends.blockedEitherWay(me))) {
            throw ApiException.notFound("group");
        }
        return g;
    }

    private static void requireRole(Group g, GroupRole role) {
        if (g.myState() != MemberState.MEMBER
                || g.myRole() == null
                || !g.myRole().atLeast(role)) {
            throw forbidden("This needs the role " + role.wire() + " in the group.");
        }
    }

    private static Validation validate(@Nullable String name, @Nullable String description) {
        return new Validation()
                .check(
                        name != null && !name.isBlank() && name.strip().length() <= 100,
                        "name",
                        "must have 1 to 100 characters")
                .check(
                        description == null || description.length() <= 2000,
                        "description",
                        "must have at most 2000 characters");
    }

    private static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    private static ApiException lastOwner() {
        return new ApiException(
                HttpStatus.CONFLICT, "last_owner", "A group keeps at least one owner: make someone else owner first.");
    }
}
