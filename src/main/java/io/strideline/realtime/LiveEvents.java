package io.strideline.realtime;

import io.strideline.activity.ActivityChanged;
import io.strideline.activity.ActivityView;
import io.strideline.activity.SharedActivities;
import io.strideline.alerting.AlertChanged;
import io.strideline.alerting.AlertRaised;
import io.strideline.alerting.AlertState;
import io.strideline.device.CommandChanged;
import io.strideline.device.CommandState;
import io.strideline.device.DeviceCameOnline;
import io.strideline.device.DeviceChanged;
import io.strideline.device.DeviceCommand;
import io.strideline.device.DeviceCommands;
import io.strideline.device.DeviceWentOffline;
import io.strideline.gamification.BadgeEarned;
import io.strideline.gamification.ChallengeCompleted;
import io.strideline.gamification.ChallengeProgressed;
import io.strideline.gamification.ChallengeVisibility;
import io.strideline.gamification.GoalMet;
import io.strideline.gamification.LevelReached;
import io.strideline.identity.UserDirectory;
import io.strideline.notification.NotificationCreated;
import io.strideline.organization.MembershipEnded;
import io.strideline.realtime.LiveData.Alert;
import io.strideline.realtime.LiveData.Badge;
import io.strideline.realtime.LiveData.ChallengeProgress;
import io.strideline.realtime.LiveData.ChallengeRef;
import io.strideline.realtime.LiveData.ChallengeUpdate;
import io.strideline.realtime.LiveData.CommandStateChange;
import io.strideline.realtime.LiveData.DeviceStatusChange;
import io.strideline.realtime.LiveData.FriendActivity;
import io.strideline.realtime.LiveData.FriendActivityKind;
import io.strideline.realtime.LiveData.Goal;
import io.strideline.realtime.LiveData.LeaderboardEntry;
import io.strideline.realtime.LiveData.Level;
import io.strideline.realtime.LiveData.Metric;
import io.strideline.realtime.LiveData.Notification;
import io.strideline.realtime.LiveData.Reading;
import io.strideline.realtime.LiveData.Status;
import io.strideline.realtime.LiveData.StepDay;
import io.strideline.realtime.LiveData.StepUpdate;
import io.strideline.realtime.LiveData.Sync;
import io.strideline.social.BlockChanged;
import io.strideline.social.FriendshipChanged;
import io.strideline.social.GroupMembershipEnded;
import io.strideline.steps.StepTotals;
import io.strideline.steps.StepsChanged;
import io.strideline.sync.SyncReported;
import io.strideline.telemetry.ReadingsSummarised;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what the other modules announce into live events. Plain {@code @EventListener}s: they run
 * inside the announcing transaction and only register the event for after its commit ({@link
 * EventBus#publish}). Modulith's persistent listeners would add a row to the event publication
 * table per event, on the ingest path. Data that needs a read is read by the bus's writer.
 */
@Component
class LiveEvents {

    private final EventBus bus;
    private final SharedActivities activities;
    private final StepTotals steps;
    private final UserDirectory users;
    private final DeviceCommands commands;

    LiveEvents(
            EventBus bus, SharedActivities activities, StepTotals steps, UserDirectory users, DeviceCommands commands) {
        this.bus = bus;
        this.activities = activities;
        this.steps = steps;
        this.users = users;
        this.commands = commands;
    }

    // --- me

    @EventListener
    void on(NotificationCreated e) {
        bus.publish(
                Topic.user(e.userId()),
                EventType.NOTIFICATION,
                () -> new Notification(e.notificationId(), e.type(), e.title()));
    }

    @EventListener
    void on(StepsChanged e) {
        if (e.dates().isEmpty()) {
            return;
        }
        bus.publish(Topic.user(e.userId()), EventType.STEP_UPDATE, () -> {
            var from = Collections.min(e.dates());
            var to = Collections.max(e.dates());
            Map<LocalDate, Long> perDay = steps.perDay(e.userId(), from, to);
            return new StepUpdate(e.dates().stream()
                    .distinct()
                    .sorted()
                    .map(d -> new StepDay(d, perDay.getOrDefault(d, 0L)))
                    .toList());
        });
    }

    @EventListener
    void on(GoalMet e) {
        var goal = new Goal(e.goalId(), e.title(), e.periodStart());
        bus.publish(Topic.user(e.userId()), EventType.GOAL, () -> goal);
        bus.publish(
                Topic.friendsOf(e.userId()),
                EventType.FRIEND_ACTIVITY,
                () -> friendActivity(FriendActivityKind.GOAL_MET, e.userId(), null, goal, null));
    }

    @EventListener
    void on(BadgeEarned e) {
        bus.publish(Topic.user(e.userId()), EventType.BADGE, () -> new Badge(e.code(), e.name(), e.xpReward()));
    }

    @EventListener
    void on(LevelReached e) {
        bus.publish(Topic.user(e.userId()), EventType.LEVEL, () -> new Level(e.level(), e.xp()));
    }

    @EventListener
    void on(ChallengeProgressed e) {
        bus.publish(
                Topic.user(e.userId()),
                EventType.CHALLENGE_PROGRESS,
                () -> new ChallengeProgress(e.challengeId(), e.progress(), e.score(), e.completedAt()));
        bus.publish(Topic.challenge(e.challengeId()), EventType.CHALLENGE_UPDATE, () -> {
            var person = users.person(e.userId());
            String name = person.map(UserDirectory.Person::displayName).orElse("");
            return new ChallengeUpdate(
                    e.challengeId(),
                    List.of(new LeaderboardEntry(e.userId(), name, e.progress(), e.score(), e.completedAt())));
        });
    }

    // --- friends

    @EventListener
    void on(ActivityChanged e) {
        if (!e.created()) {
            return;
        }
        bus.publish(
                Topic.friendsOf(e.userId()),
                EventType.FRIEND_ACTIVITY,
                () -> activities
                        .asSeenByFriends(e.activityId())
                        .map(a -> friendActivity(FriendActivityKind.ACTIVITY_RECORDED, e.userId(), a, null, null))
                        .orElse(null));
    }

    @EventListener
    void on(ChallengeCompleted e) {
        // a private or group challenge is nobody else's business, not even its name
        if (e.visibility() != ChallengeVisibility.PUBLIC) {
            return;
        }
        bus.publish(
                Topic.friendsOf(e.userId()),
                EventType.FRIEND_ACTIVITY,
                () -> friendActivity(
                        FriendActivityKind.CHALLENGE_COMPLETED,
                        e.userId(),
                        null,
                        null,
                        new ChallengeRef(e.challengeId(), e.challengeName(), e.rank())));
    }

    @EventListener
    void on(FriendshipChanged e) {
        relationsChanged(e.userId(), e.otherUserId());
    }

    @EventListener
    void on(BlockChanged e) {
        relationsChanged(e.blockerId(), e.blockedId());
    }

    /** A removed device: whoever follows it is checked again (its own socket ends with its tokens). */
    @EventListener
    void on(DeviceChanged e) {
        if (e.deleted()) {
            bus.publish(Topic.access(e.deviceId()), EventType.ACCESS_CHANGED, Map::of);
        }
    }

    @EventListener
    void on(MembershipEnded e) {
        bus.publish(Topic.access(e.userId()), EventType.ACCESS_CHANGED, Map::of);
    }

    /** Leaving a group ends its group challenges: that person's {@code challenge:} topics are checked again. */
    @EventListener
    void on(GroupMembershipEnded e) {
        bus.publish(Topic.access(e.userId()), EventType.ACCESS_CHANGED, Map::of);
    }

    private void relationsChanged(UUID a, UUID b) {
        bus.publish(Topic.access(a), EventType.ACCESS_CHANGED, Map::of);
        bus.publish(Topic.access(b), EventType.ACCESS_CHANGED, Map::of);
    }

    private @Nullable FriendActivity friendActivity(
            FriendActivityKind kind,
            UUID userId,
            @Nullable ActivityView activity,
            @Nullable Goal goal,
            @Nullable ChallengeRef challenge) {
        return users.person(userId)
                .map(p -> new FriendActivity(kind, userId, p.displayName(), activity, goal, challenge))
                .orElse(null);
    }

    // --- devices and organizations

    @EventListener
    void on(ReadingsSummarised e) {
        var reading = new Reading(
                e.deviceId(),
                e.metrics().stream()
                        .map(m -> new Metric(m.metric(), m.count(), m.min(), m.max(), m.latest(), m.latestTs()))
                        .toList());
        bus.publish(Topic.device(e.deviceId()), EventType.READING, () -> reading);
    }

    @EventListener
    void on(DeviceCameOnline e) {
        deviceStatus(new DeviceStatusChange(e.deviceId(), e.orgId(), Status.ONLINE, e.at()));
    }

    @EventListener
    void on(DeviceWentOffline e) {
        deviceStatus(new DeviceStatusChange(e.deviceId(), e.orgId(), Status.OFFLINE, e.lastSeenAt()));
    }

    private void deviceStatus(DeviceStatusChange change) {
        bus.publish(Topic.device(change.deviceId()), EventType.DEVICE_STATUS, () -> change);
        bus.publish(Topic.org(change.orgId()), EventType.DEVICE_STATUS, () -> change);
    }

    @EventListener
    void on(CommandChanged e) {
        var change = new CommandStateChange(e.commandId(), e.deviceId(), e.state());
        bus.publish(Topic.device(e.deviceId()), EventType.COMMAND, () -> change);
        if (e.state() == CommandState.QUEUED) {
            // to the device's own socket: the command itself, if a poll has not taken it meanwhile
            bus.publish(Topic.commands(e.deviceId()), EventType.COMMAND, () -> queued(e));
        }
    }

    private @Nullable DeviceCommand queued(CommandChanged e) {
        return commands.deliverable(e.deviceId()).stream()
                .filter(c -> c.id().equals(e.commandId()))
                .findFirst()
                .orElse(null);
    }

    @EventListener
    void on(SyncReported e) {
        var sync = new Sync(e.deviceId(), e.event());
        bus.publish(Topic.device(e.deviceId()), EventType.SYNC, () -> sync);
    }

    @EventListener
    void on(AlertRaised e) {
        var alert = new Alert(e.alertId(), e.deviceId(), AlertState.ACTIVE, e.severity(), e.title(), e.message());
        bus.publish(Topic.org(e.orgId()), EventType.ALERT, () -> alert);
    }

    @EventListener
    void on(AlertChanged e) {
        var alert = new Alert(e.alertId(), e.deviceId(), e.state(), null, null, null);
        bus.publish(Topic.org(e.orgId()), EventType.ALERT, () -> alert);
    }
}
