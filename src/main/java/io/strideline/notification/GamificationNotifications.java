package io.strideline.notification;

import io.strideline.gamification.BadgeEarned;
import io.strideline.gamification.ChallengeCompleted;
import io.strideline.gamification.ChallengeInvited;
import io.strideline.gamification.GoalMet;
import io.strideline.gamification.LevelReached;
import io.strideline.identity.Relation;
import io.strideline.identity.Relationships;
import io.strideline.identity.UserDirectory;
import io.strideline.platform.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * In-app notifications for what a person achieved (levels, badges, challenges, goals) and for
 * challenge invitations. Each runs after the achievement committed; each has a stable source, so
 * a retried delivery updates the one notification instead of adding another.
 */
@Component
class GamificationNotifications {

    private final NotificationRepository notifications;
    private final UserDirectory directory;
    private final Relationships relationships;
    private final ObjectMapper json;
    private final Clock clock;

    GamificationNotifications(
            NotificationRepository notifications,
            UserDirectory directory,
            Relationships relationships,
            ObjectMapper json,
            Clock clock) {
        this.notifications = notifications;
        this.directory = directory;
        this.relationships = relationships;
        this.json = json;
        this.clock = clock;
    }

    @ApplicationModuleListener
    void on(LevelReached e) {
        add(
                e.userId(),
                NotificationType.LEVEL_UP,
                source(e.userId() + ":level:" + e.level()),
                "Level " + e.level(),
                "You reached level " + e.level() + " with " + e.xp() + " XP.",
                json.createObjectNode().put("level", e.level()).put("xp", e.xp()));
    }

    @ApplicationModuleListener
    void on(BadgeEarned e) {
        add(
                e.userId(),
                NotificationType.BADGE_EARNED,
                source(e.userId() + ":badge:" + e.code()),
                "Badge earned: " + e.name(),
                "You earned the badge " + e.name() + " (+" + e.xpReward() + " XP).",
                json.createObjectNode().put("badge", e.code()).put("xp_reward", e.xpReward()));
    }

    @ApplicationModuleListener
    void on(ChallengeCompleted e) {
        add(
                e.userId(),
                NotificationType.CHALLENGE_COMPLETED,
                e.challengeId(),
                "Challenge completed: " + e.challengeName(),
                "You reached the target of " + e.challengeName() + ", rank " + e.rank() + ".",
                json.createObjectNode()
                        .put("challenge_id", e.challengeId().toString())
                        .put("rank", e.rank()));
    }

    @ApplicationModuleListener
    void on(ChallengeInvited e) {
        if (relationships.between(e.userId(), e.invitedBy()) == Relation.BLOCKED) {
            return;
        }
        directory
                .person(e.invitedBy())
                .ifPresent(inviter -> add(
                        e.userId(),
                        NotificationType.CHALLENGE_INVITATION,
                        e.challengeId(),
                        inviter.displayName() + " invited you to a challenge",
                        inviter.displayName() + " invited you to " + e.challengeName() + ".",
                        json.createObjectNode()
                                .put("challenge_id", e.challengeId().toString())
                                .put("user_id", e.invitedBy().toString())));
    }

    @ApplicationModuleListener
    void on(GoalMet e) {
        String what = e.title() == null ? "your goal" : e.title();
        add(
                e.userId(),
                NotificationType.GOAL_MET,
                source(e.goalId() + ":" + e.periodStart()),
                "Goal met",
                "You met " + what + " for the period from " + e.periodStart() + ".",
                json.createObjectNode()
                        .put("goal_id", e.goalId().toString())
                        .put("period_start", e.periodStart().toString()));
    }

    private void add(UUID recipient, NotificationType type, UUID source, String title, String body, ObjectNode data) {
        notifications.upsert(Ids.newId(), recipient, type, source, title, body, data, clock.instant());
    }

    private static UUID source(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }
}
