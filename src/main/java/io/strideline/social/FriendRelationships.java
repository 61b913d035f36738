package io.strideline.social;

import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Who sees whom, for the modules that show people's things (activities, routes, notifications). */
@Component
class FriendRelationships implements Relationships {

    private final FriendRepository friends;

    FriendRelationships(FriendRepository friends) {
        this.friends = friends;
    }

    @Override
    public Relation between(UUID viewer, UUID owner) {
        return friends.relation(viewer, owner);
    }

    @Override
    public Map<UUID, Relation> between(UUID viewer, Collection<UUID> owners) {
        return friends.relations(viewer, owners);
    }

    @Override
    public List<UUID> friendsOf(UUID userId) {
        return friends.friendIds(userId);
    }

    @Override
    public List<UUID> blockedEitherWay(UUID userId) {
        return friends.blockedEitherWay(userId);
    }
}
