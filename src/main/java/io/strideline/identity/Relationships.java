package io.strideline.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Friendships and blocks as other modules need them to decide who sees what. Implemented by the
 * social module, which owns them; declared here so that modules below social (activity, route)
 * ask without depending on it.
 */
public interface Relationships {

    Relation between(UUID viewer, UUID owner);

    /** One query for a page of owners. */
    Map<UUID, Relation> between(UUID viewer, Collection<UUID> owners);

    /** Everyone who is friends with this person (friends-only leaderboards and challenges). */
    List<UUID> friendsOf(UUID userId);

    /** Everyone this person blocked or who blocked them: hidden from each other everywhere. */
    List<UUID> blockedEitherWay(UUID userId);
}
