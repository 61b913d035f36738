package io.strideline.activity;

import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import io.strideline.identity.Visibility;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Activities as other people see them, for the social module (feed, kudos, comments, profiles):
 * only what the viewer may see, with facets applied by {@link ActivityPrivacy} (summaries: no streams,
 * so no privacy zone to cut).
 */
@Component
public class SharedActivities {

    /** Whose an activity is and who may see it. */
    public record Audience(UUID id, UUID ownerId, Visibility visibility, Instant startedAt) {}

    /** Count, distance and duration of activities. */
    public record Totals(long activities, double distanceMeters, long durationSeconds) {}

    private final ActivityRepository activities;
    private final Relationships relationships;

    SharedActivities(ActivityRepository activities, Relationships relationships) {
        this.activities = activities;
        this.relationships = relationships;
    }

    public Optional<Audience> audience(UUID activityId) {
        return activities.audience(activityId);
    }

    /** A person's latest activities that this relation sees, newest first (a new friend's feed). */
    public List<Audience> latest(UUID ownerId, Relation relation, int limit) {
        return activities.latestAudience(ownerId, relation.visibleWires(), limit);
    }

    /** The ones of {@code ids} the viewer may see, summaries without streams; one query per kind. */
    public Map<UUID, ActivityView> visibleTo(UUID viewer, Collection<UUID> ids) {
        var found = activities.findAll(ids);
        var owners = found.stream().map(ActivityView::userId).distinct().toList();
        Map<UUID, Relation> relations = relationships.between(viewer, owners);
        var visible = new LinkedHashMap<UUID, ActivityView>();
        for (var a : found) {
            var relation =
                    a.userId().equals(viewer) ? Relation.SELF : relations.getOrDefault(a.userId(), Relation.STRANGER);
            if (relation.sees(a.visibility())) {
                // summaries carry no streams: no privacy zone to apply
                visible.put(a.id(), ActivityPrivacy.asSeenBy(a, relation, List.of()));
            }
        }
        return visible;
    }

    /** The activity's summary as its owner's friends see it; empty when it is private to the owner, or gone. */
    public Optional<ActivityView> asSeenByFriends(UUID activityId) {
        return activities.findAll(List.of(activityId)).stream()
                .filter(a -> Relation.FRIEND.sees(a.visibility()))
                .map(a -> ActivityPrivacy.asSeenBy(a, Relation.FRIEND, List.of()))
                .findFirst();
    }

    /**
     * Per person of {@code owners} (the viewer and friends), what their activities started in
     * [from, to) add up to, as far as the viewer may see them: the friends leaderboards. People
     * without activities there are absent. {@code excluded}: activities left out (those XP judged
     * implausible, which rank nowhere).
     */
    public Map<UUID, ActivityTotals.Totals> totalsBetween(
            UUID viewer,
            Collection<UUID> owners,
            Instant from,
            Instant to,
            @Nullable ActivityType type,
            Collection<UUID> excluded) {
        return owners.isEmpty()
                ? Map.of()
                : activities.totalsBetween(viewer, owners, from, to, type == null ? null : type.wire(), excluded);
    }

    /** What of a person's activities the viewer may see, counted. */
    public Totals totals(UUID ownerId, Relation relation) {
        return activities.totals(ownerId, relation.visibleWires());
    }
}
