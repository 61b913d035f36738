package io.strideline.activity;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The GPS track of a person's activity, for other modules (saved routes are made from one). Only
 * the owner's activities are found, so a foreign id looks the same as an unknown one.
 */
@Component
public class ActivityTracks {

    /**
     * Parallel arrays, one entry per point; {@code ele} is null when the track has no elevation,
     * and single entries are NaN where a point has none.
     */
    public record Track(double[] lat, double[] lon, double @Nullable [] ele) {}

    private final ActivityRepository activities;

    ActivityTracks(ActivityRepository activities) {
        this.activities = activities;
    }

    /** The track of this person's activity; empty for unknown ids, other people's activities and activities without a track. */
    @Transactional(readOnly = true)
    public Optional<Track> trackOf(UUID userId, UUID activityId) {
        return activities.track(userId, activityId);
    }
}
