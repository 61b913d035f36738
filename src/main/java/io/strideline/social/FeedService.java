package io.strideline.social;

import io.strideline.activity.ActivityChanged;
import io.strideline.activity.SharedActivities;
import io.strideline.identity.Visibility;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.strideline.social.PostService.PostView;
import io.strideline.social.PostService.SharedActivity;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The home feed: my and my friends' posts and activities, newest first. Entries are written when
 * something is posted, recorded, re-shared or befriended ({@link FeedRepository}); a page reads
 * one range of the reader's entries and renders it in a fixed number of queries.
 */
@Service
class FeedService {

    @Schema(description = "One item of a feed: a post or an activity.")
    record FeedItem(
            @Schema(description = "post or activity: which of the two fields is set.", example = "activity")
            FeedKind kind,

            @Schema(
                    description = "Its place in the feed: when it was posted, or when the activity started.",
                    example = "2026-03-01T08:30:00Z")
            Instant at,

            @Schema(description = "The post, for kind post.") @Nullable
            PostView post,

            @Schema(description = "The activity, for kind activity.") @Nullable
            SharedActivity activity) {}

    private final FeedRepository feed;
    private final PostRepository posts;
    private final PostService rendering;
    private final SharedActivities activities;

    FeedService(FeedRepository feed, PostRepository posts, PostService rendering, SharedActivities activities) {
        this.feed = feed;
        this.posts = posts;
        this.rendering = rendering;
        this.activities = activities;
    }

    /**
     * The cursor is the last entry read, shown or not: an entry that is no longer visible (its
     * activity made private a moment ago) leaves a shorter page, never a gap or a repeat.
     * One read-only transaction: the page's statements share one connection and one snapshot.
     */
    @Transactional(readOnly = true)
    Page<FeedItem> home(UUID me, PageRequest page) {
        var entries = feed.page(me, page);
        var read = entries.subList(0, Math.min(entries.size(), page.limit()));
        var postIds = read.stream()
                .filter(e -> e.kind() == FeedKind.POST)
                .map(FeedRepository.Entry::itemId)
                .toList();
        var activityIds = read.stream()
                .filter(e -> e.kind() == FeedKind.ACTIVITY)
                .map(FeedRepository.Entry::itemId)
                .toList();
        var rendered = rendering.renderAll(me, posts.findAll(postIds), activityIds);
        var postsById = new java.util.HashMap<UUID, PostView>();
        rendered.posts().forEach(p -> postsById.put(p.id(), p));
        var items = new ArrayList<FeedItem>(read.size());
        for (var e : read) {
            if (e.kind() == FeedKind.POST && postsById.containsKey(e.itemId())) {
                items.add(new FeedItem(FeedKind.POST, e.at(), postsById.get(e.itemId()), null));
            } else if (e.kind() == FeedKind.ACTIVITY && rendered.activities().containsKey(e.itemId())) {
                items.add(new FeedItem(
                        FeedKind.ACTIVITY, e.at(), null, rendered.activities().get(e.itemId())));
            }
        }
        String next = entries.size() > page.limit()
                ? PageRequest.cursor(read.getLast().at(), read.getLast().itemId())
                : null;
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * In the activity's own transaction, like the change feed: an activity enters its owner's
     * feed, and their friends' while friends may see it; a deleted one leaves no comment, like or
     * feed entry behind.
     */
    @EventListener
    void on(ActivityChanged changed) {
        var audience = changed.deleted()
                ? null
                : activities.audience(changed.activityId()).orElse(null);
        if (audience == null) {
            feed.remove(changed.activityId());
            posts.deleteSubject(changed.activityId());
            posts.detachActivity(changed.activityId());
            return;
        }
        feed.fanOut(
                audience.id(),
                FeedKind.ACTIVITY,
                audience.ownerId(),
                audience.startedAt(),
                audience.visibility() != Visibility.PRIVATE);
    }
}
