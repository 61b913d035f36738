package io.strideline.activity;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Likes (kudos) and comments on activities, for the activity views. The social module stores them
 * and implements this, as it implements {@code identity.Relationships}: activity asks without
 * depending on social, which depends on activity.
 */
public interface ActivityEngagement {

    /**
     * The engagement of each of {@code activityIds} as {@code viewer} sees it, from the stored
     * counts in a fixed number of queries whatever the number of ids (a page of a list is one
     * call). Ids without any are absent or {@link Engagement#NONE}.
     */
    Map<UUID, Engagement> of(UUID viewer, Collection<UUID> activityIds);
}
