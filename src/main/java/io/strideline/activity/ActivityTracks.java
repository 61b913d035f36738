package io.strideline.activity;

import io.strideline.track.Difficulty;
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
     * The track's points and the numbers the activity shows for it (the device's where it stated
     * them), so that a route made from it has the same distance, climb and difficulty.
     *
     * @param ele null when the track has no elevation
     */
    public record Path(
            double[] lat,
            double[] lon,
            double @Nullable [] ele,
            double distanceMeters,
            @Nullable Double elevationGainMeters,
            @Nullable Double elevationLossMeters,
            Difficulty difficulty) {}

    private final ActivityRepository activities;

    ActivityTracks(ActivityRepository activities) {
        this.activities = activities;
    }

    /** The path of this person's activity; empty for unknown ids, other people's activities and activities without a track. */
    @Transactional(readOnly = true)
    public Optional<Path> pathOf(UUID userId, UUID activityId) {
        return activities.path(userId, activityId);
    }
}
