package io.strideline.social;

import io.strideline.activity.ActivityView;
import io.strideline.activity.Engagement;
import io.strideline.activity.SharedActivities;
import io.strideline.identity.Relation;
import io.strideline.identity.UserDirectory;
import io.strideline.identity.Visibility;
import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Validation;
import io.strideline.social.PostRepository.Comment;
import io.strideline.social.PostRepository.Counts;
import io.strideline.social.PostRepository.Post;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts, and comments and likes on posts and activities, each only for those who may see what
 * they hang from. Also renders pages of posts and activities for the feeds: a fixed number of
 * queries per page, whatever its size.
 */
@Service
class PostService {

    static final int MAX_TEXT = 5000;
    static final int MAX_COMMENT = 2000;

    @Schema(name = "Post", description = "A post, with its activity as I may see it.")
    record PostView(
            @Schema(description = "The post's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "Who wrote it.") UserCard author,

            @Schema(description = "The text as written (plain text: links and mentions are not rendered).")
            String text,

            @Schema(description = "The activity it is about; null when none (or deleted).") @Nullable
            UUID activityId,

            @Schema(description = "That activity's summary as I may see it; null when none.") @Nullable
            ActivityView activity,

            @Schema(description = "The group it was posted in; null for a post to friends or everyone.") @Nullable
            UUID groupId,

            @Schema(
                    description = "Who may see it (never wider than its activity's visibility); null for a group "
                            + "post, which the group's members see.",
                    example = "friends")
            @Nullable
            Visibility visibility,

            @Schema(description = "When it was posted (the server's clock).", example = "2026-03-01T08:30:00Z")
            Instant createdAt,

            @Schema(description = "Last edit (the server's clock).", example = "2026-03-01T08:30:00Z")
            Instant updatedAt,

            @Schema(description = "Likes and comments.") Engagement engagement) {}

    @Schema(description = "An activity in a feed: whose, its summary as I may see it, likes and comments.")
    record SharedActivity(
            @Schema(description = "Whose it is.") UserCard author,

            @Schema(description = "The activity as I may see it (no streams).")
            ActivityView activity,

            @Schema(description = "Likes (kudos) and comments.")
            Engagement engagement) {}

    @Schema(name = "Comment", description = "A comment on a post or an activity.")
    record CommentView(
            @Schema(description = "The comment's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "Who wrote it.") UserCard author,

            @Schema(description = "The text as written, plain text.", example = "Great pace!")
            String text,

            @Schema(description = "When it was written (the server's clock).", example = "2026-03-01T08:30:00Z")
            Instant createdAt) {}

    /** A post or an activity someone comments on or likes, once the caller may see it. */
    record Subject(FeedKind kind, UUID id, UUID ownerId) {}

    private final PostRepository posts;
    private final GroupRepository groups;
    private final FriendRepository friends;
    private final FeedRepository feed;
    private final SharedActivities activities;
    private final UserDirectory directory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PostService(
            PostRepository posts,
            GroupRepository groups,
            FriendRepository friends,
            FeedRepository feed,
            SharedActivities activities,
            UserDirectory directory,
            ApplicationEventPublisher events,
            Clock clock) {
        this.posts = posts;
        this.groups = groups;
        this.friends = friends;
        this.feed = feed;
        this.activities = activities;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    PostView create(
            UUID me,
            @Nullable String text,
            @Nullable UUID activityId,
            @Nullable UUID groupId,
            @Nullable Visibility visibility) {
        var v = new Validation();
        checkText(v, text);
        v.check(groupId == null || visibility == null, "visibility", "is set by the group for a group post");
        Visibility limit = Visibility.PUBLIC;
        if (activityId != null) {
            var audience = activities.audience(activityId);
            boolean seen = audience.isPresent()
                    && friends.relation(me, audience.get().ownerId())
                            .sees(audience.get().visibility());
            v.check(seen, "activity_id", "is not an activity you can see");
            if (seen) {
                limit = audience.get().visibility();
                v.check(
                        visibility == null || visibility.atMost(limit) == visibility,
                        "visibility",
                        "must not be wider than the activity's (" + limit.wire() + ")");
            }
        }
        if (groupId != null) {
            var member = groups.member(groupId, me);
            v.check(
                    member.isPresent() && member.get().state() == MemberState.MEMBER,
                    "group_id",
                    "is not a group you are a member of");
        }
        v.throwIfInvalid();
        Visibility shown = visibility != null ? visibility : Visibility.FRIENDS.atMost(limit);
        Instant now = clock.instant();
        var post = new Post(Ids.newId(), me, Objects.requireNonNull(text), activityId, groupId, shown, now, now);
        posts.insert(post);
        if (groupId == null) {
            feed.fanOut(post.id(), FeedKind.POST, me, now, shown != Visibility.PRIVATE);
        }
        events.publishEvent(new PostCreated(post.id(), me, groupId));
        return render(me, List.of(post)).getFirst();
    }

    PostView get(UUID me, UUID id) {
        var post = visiblePost(me, id);
        return render(me, List.of(post)).getFirst();
    }

    @Transactional
    PostView update(UUID me, UUID id, @Nullable String text, @Nullable Visibility visibility) {
        // a group post is edited by its author while a member only: editing is posting in the group
        var post = posts.find(id)
                .filter(p -> p.authorId().equals(me))
                .filter(p -> p.groupId() == null
                        || groups.member(p.groupId(), me)
                                .filter(m -> m.state() == MemberState.MEMBER)
                                .isPresent())
                .orElseThrow(() -> ApiException.notFound("post"));
        var v = new Validation();
        if (text != null) {
            checkText(v, text);
        }
        v.check(post.groupId() == null || visibility == null, "visibility", "is set by the group for a group post");
        if (visibility != null && post.activityId() != null) {
            var limit = activities.audience(post.activityId()).map(SharedActivities.Audience::visibility);
            v.check(
                    limit.isEmpty() || visibility.atMost(limit.get()) == visibility,
                    "visibility",
                    "must not be wider than the activity's");
        }
        v.throwIfInvalid();
        var shown = visibility != null ? visibility : post.visibility();
        posts.update(id, text != null ? text : post.text(), shown, clock.instant());
        if (post.groupId() == null && shown != post.visibility()) {
            feed.fanOut(id, FeedKind.POST, me, post.createdAt(), shown != Visibility.PRIVATE);
        }
        return get(me, id);
    }

    /**
     * By its author, also after they left or were removed from its group: their words are theirs
     * to take back, and deleting shows them nothing of the group.
     */
    @Transactional
    void delete(UUID me, UUID id) {
        var post = posts.find(id).filter(p -> p.authorId().equals(me)).orElseThrow(() -> ApiException.notFound("post"));
        feed.remove(post.id());
        posts.delete(post.id());
    }

    // --- comments and likes, on posts and activities alike

    Subject postSubject(UUID me, UUID postId) {
        var post = visiblePost(me, postId);
        return new Subject(FeedKind.POST, post.id(), post.authorId());
    }

    Subject activitySubject(UUID me, UUID activityId) {
        var audience = activities
                .audience(activityId)
                .filter(a -> friends.relation(me, a.ownerId()).sees(a.visibility()))
                .orElseThrow(() -> ApiException.notFound("activity"));
        return new Subject(FeedKind.ACTIVITY, audience.id(), audience.ownerId());
    }

    @Transactional
    CommentView comment(UUID me, Subject subject, @Nullable String text) {
        new Validation()
                .check(
                        text != null && !text.isBlank() && text.length() <= MAX_COMMENT,
                        "text",
                        "must have 1 to " + MAX_COMMENT + " characters")
                .throwIfInvalid();
        UUID id = Ids.newId();
        Instant now = clock.instant();
        posts.insertComment(id, subject.kind(), subject.id(), me, Objects.requireNonNull(text), now);
        if (!subject.ownerId().equals(me)) {
            events.publishEvent(new CommentAdded(id, subject.kind().wire(), subject.id(), subject.ownerId(), me));
        }
        var author = directory.person(me).map(UserCard::of).orElseThrow();
        return new CommentView(id, author, text, now);
    }

    Page<CommentView> comments(UUID me, Subject subject, PageRequest page) {
        var rows = posts.comments(subject.id(), friends.blockedEitherWay(me), page);
        var people = directory.people(rows.stream().map(Comment::authorId).toList());
        var views = rows.stream()
                .filter(c -> people.containsKey(c.authorId()))
                .map(c -> new CommentView(
                        c.id(), UserCard.of(Objects.requireNonNull(people.get(c.authorId()))), c.text(), c.createdAt()))
                .toList();
        return Page.of(views, page.limit(), c -> PageRequest.cursor(c.createdAt(), c.id()));
    }

    /** By the comment's author, or by the owner of what it is on. */
    @Transactional
    void deleteComment(UUID me, Subject subject, UUID commentId) {
        var comment = posts.comment(subject.id(), commentId)
                .filter(c -> c.authorId().equals(me) || subject.ownerId().equals(me))
                .orElseThrow(() -> ApiException.notFound("comment"));
        posts.deleteComment(subject.id(), comment.id());
    }

    @Transactional
    Engagement like(UUID me, Subject subject) {
        if (posts.like(subject.kind(), subject.id(), me, clock.instant())
                && !subject.ownerId().equals(me)) {
            events.publishEvent(new LikeAdded(subject.kind().wire(), subject.id(), subject.ownerId(), me));
        }
        return engagement(me, subject.id());
    }

    @Transactional
    Engagement unlike(UUID me, Subject subject) {
        posts.unlike(subject.id(), me);
        return engagement(me, subject.id());
    }

    private Engagement engagement(UUID me, UUID subjectId) {
        return posts.counts(me, List.of(subjectId), friends.blockedEitherWay(me))
                .getOrDefault(subjectId, Counts.NONE)
                .engagement();
    }

    // --- rendering pages

    /**
     * Posts as the viewer sees them, in the order given, leaving out those they may not see
     * (anymore): five queries for the whole page.
     */
    List<PostView> render(UUID me, List<Post> page) {
        return renderAll(me, page, List.of()).posts();
    }

    /** What a page of a feed needs: posts and activities, rendered together. */
    record Rendered(List<PostView> posts, Map<UUID, SharedActivity> activities) {}

    Rendered renderAll(UUID me, List<Post> postPage, Collection<UUID> activityIds) {
        Set<UUID> wanted = new HashSet<>(activityIds);
        postPage.stream().map(Post::activityId).filter(Objects::nonNull).forEach(wanted::add);
        var visibleActivities = new HashMap<>(activities.visibleTo(me, wanted));
        Set<UUID> people = new HashSet<>();
        postPage.forEach(p -> people.add(p.authorId()));
        visibleActivities.values().forEach(a -> people.add(a.userId()));
        var relations = friends.relations(me, people);
        var hidden = friends.blockedEitherWay(me);
        var cards = directory.people(people);
        var subjects = new ArrayList<UUID>();
        postPage.forEach(p -> subjects.add(p.id()));
        // the activities of posts too: an activity carries its engagement wherever it is shown
        subjects.addAll(visibleActivities.keySet());
        var counts = posts.counts(me, subjects, hidden);
        visibleActivities.replaceAll(
                (id, a) -> a.withEngagement(counts.getOrDefault(id, Counts.NONE).engagement()));

        var shownPosts = new ArrayList<PostView>();
        for (var p : postPage) {
            var relation = relations.getOrDefault(p.authorId(), Relation.STRANGER);
            ActivityView activity = p.activityId() == null ? null : visibleActivities.get(p.activityId());
            boolean seen = p.groupId() != null
                    ? relation != Relation.BLOCKED // the group's readers were checked by the caller
                    : relation.sees(p.visibility()) && (p.activityId() == null || activity != null);
            if (!seen || !cards.containsKey(p.authorId())) {
                continue;
            }
            shownPosts.add(new PostView(
                    p.id(),
                    UserCard.of(cards.get(p.authorId())),
                    p.text(),
                    p.activityId(),
                    activity,
                    p.groupId(),
                    p.groupId() == null ? p.visibility() : null,
                    p.createdAt(),
                    p.updatedAt(),
                    counts.getOrDefault(p.id(), Counts.NONE).engagement()));
        }
        var shownActivities = new HashMap<UUID, SharedActivity>();
        for (UUID id : activityIds) {
            var a = visibleActivities.get(id);
            if (a != null && cards.containsKey(a.userId())) {
                shownActivities.put(
                        id,
                        new SharedActivity(
                                UserCard.of(cards.get(a.userId())),
                                a,
                                counts.getOrDefault(id, Counts.NONE).engagement()));
            }
        }
        return new Rendered(shownPosts, shownActivities);
    }

    /** A post the viewer may see, else 404 as for an unknown id. */
    private Post visiblePost(UUID me, UUID id) {
        var post = posts.find(id).orElseThrow(() -> ApiException.notFound("post"));
        if (post.groupId() != null) {
            // the group decides, for the author too: someone removed from a private group no longer
            // reads, comments on or likes the posts they wrote there (the members' answers are theirs)
            var group = groups.find(post.groupId(), me, false).orElseThrow(() -> ApiException.notFound("post"));
            if (!GroupService.canRead(group)
                    || (!post.authorId().equals(me) && friends.relation(me, post.authorId()) == Relation.BLOCKED)) {
                throw ApiException.notFound("post");
            }
            return post;
        }
        if (post.authorId().equals(me)) {
            return post;
        }
        if (friends.relation(me, post.authorId()) == Relation.BLOCKED) {
            throw ApiException.notFound("post");
        }
        if (render(me, List.of(post)).isEmpty()) {
            throw ApiException.notFound("post");
        }
        return post;
    }

    private static void checkText(Validation v, @Nullable String text) {
        v.check(
                text != null && !text.isBlank() && text.length() <= MAX_TEXT,
                "text",
                "must have 1 to " + MAX_TEXT + " characters");
    }
}
