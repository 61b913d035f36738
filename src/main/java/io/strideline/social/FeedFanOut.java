package io.strideline.social;

import io.strideline.activity.ActivityChanged;
import io.strideline.activity.SharedActivities;
import io.strideline.identity.Visibility;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Puts an activity in its owner's and friends' feeds after the upload commits (issue 26): the
 * fan-out grows with the uploader's friends and must neither slow nor fail a device's upload. The
 * publication is recorded in the upload's transaction and re-delivered after a failure or a crash
 * ({@code EventRetry}), so this handler is idempotent and trusts only the activity's id: it reads
 * the activity as it is now, so a re-delivery, or a "created" event handled after the deletion
 * that followed it, replaces the entries with what is true now (fan-out deletes and re-inserts the
 * item's rows; a missing activity removes them). Off with {@code strideline.events.side-effects.enabled}
 * (bench only).
 */
@Component
@ConditionalOnProperty(name = "strideline.events.side-effects.enabled", matchIfMissing = true)
class FeedFanOut {

    private final FeedRepository feed;
    private final PostRepository posts;
    private final SharedActivities activities;

    FeedFanOut(FeedRepository feed, PostRepository posts, SharedActivities activities) {
        this.feed = feed;
        this.posts = posts;
        this.activities = activities;
    }

    /** A deleted activity leaves no comment, like or feed entry behind. */
    @ApplicationModuleListener
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
