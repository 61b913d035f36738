package io.strideline.social;

import io.strideline.activity.ActivityEngagement;
import io.strideline.activity.Engagement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Kudos and comments on activities for the activity module's views, from the pre-aggregated
 * counts (the {@code engagement} table), as the feed shows them: two queries for any number of
 * activities. The caller has checked that the viewer sees the activities.
 */
@Component
class ActivityEngagementCounts implements ActivityEngagement {

    private final PostRepository posts;
    private final FriendRepository friends;

    ActivityEngagementCounts(PostRepository posts, FriendRepository friends) {
        this.posts = posts;
        this.friends = friends;
    }

    @Override
    public Map<UUID, Engagement> of(UUID viewer, Collection<UUID> activityIds) {
        var result = new HashMap<UUID, Engagement>();
        if (activityIds.isEmpty()) {
            return result;
        }
        posts.counts(viewer, activityIds, friends.blockedEitherWay(viewer))
                .forEach((id, counts) -> result.put(id, counts.engagement()));
        return result;
    }
}
