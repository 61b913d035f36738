package io.strideline.realtime;

import io.strideline.device.DeviceAccess;
import io.strideline.gamification.ChallengeAudience;
import io.strideline.identity.Relationships;
import io.strideline.organization.OrgAccess;
import io.strideline.organization.Role;
import io.strideline.platform.ApiException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may follow which topic, by the same rules as the matching reads: a device or organization
 * needs a role in the organization ({@code GET /devices/{id}}, {@code GET /orgs/{id}}), a challenge
 * must be visible to the person ({@code GET /challenges/{id}}), and {@code friends} covers the
 * person's current friends (blocking ends a friendship, so a blocked person is never among them).
 * A topic someone may not follow is refused as if it did not exist.
 */
@Component
class TopicAccess {

    private final DeviceAccess devices;
    private final OrgAccess orgs;
    private final ChallengeAudience challenges;
    private final Relationships relationships;

    TopicAccess(DeviceAccess devices, OrgAccess orgs, ChallengeAudience challenges, Relationships relationships) {
        this.devices = devices;
        this.orgs = orgs;
        this.challenges = challenges;
        this.relationships = relationships;
    }

    /** The routing keys the topic stands for, or a 404 {@code topic_not_found} / 422 for a malformed one. */
    /** Who this person blocked or was blocked by: hidden from each other in leaderboard events. */
    List<UUID> blockedEitherWay(UUID userId) {
        return relationships.blockedEitherWay(userId);
    }

    /** Whether this person may still read a topic they follow (me and friends always). */
    boolean stillReadable(UUID userId, String written) {
        try {
            keys(userId, written);
            return true;
        } catch (ApiException refused) {
            return false;
        }
    }

    Set<String> keys(UUID userId, String written) {
        var topic = Topic.parse(written)
                .orElseThrow(() -> ApiException.invalid(
                        "topics",
                        "'" + abbreviated(written)
                                + "' is not a topic: me, friends, challenge:{id}, device:{id} or org:{id}"));
        UUID id = topic.id();
        return switch (topic.kind()) {
            case ME -> Set.of(Topic.user(userId));
            case FRIENDS -> friendKeys(userId);
            case DEVICE -> {
                UUID device = Objects.requireNonNull(id, "parsed with an id");
                try {
                    devices.require(userId, device, Role.VIEWER);
                } catch (ApiException notFound) {
                    throw refused(written);
                }
                yield Set.of(Topic.device(device));
            }
            case ORG -> {
                UUID org = Objects.requireNonNull(id, "parsed with an id");
                if (orgs.roleOf(userId, org).isEmpty()) {
                    throw refused(written);
                }
                yield Set.of(Topic.org(org));
            }
            case CHALLENGE -> {
                UUID challenge = Objects.requireNonNull(id, "parsed with an id");
                if (!challenges.sees(userId, challenge)) {
                    throw refused(written);
                }
                yield Set.of(Topic.challenge(challenge));
            }
        };
    }

    Set<String> friendKeys(UUID userId) {
        return relationships.friendsOf(userId).stream().map(Topic::friendsOf).collect(Collectors.toUnmodifiableSet());
    }

    static ApiException refused(String topic) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "topic_not_found",
                "No topic '" + topic + "' that you may follow (unknown, or not yours to see).");
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
