package io.strideline.realtime;

import io.strideline.activity.ActivityView;
import io.strideline.alerting.AlertState;
import io.strideline.device.CommandState;
import io.strideline.notification.NotificationType;
import io.strideline.platform.WireEnum;
import io.strideline.sync.SyncEventView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of each event type, as it is serialized and as the OpenAPI document describes
 * it (one of these per {@link EventType}; the event's {@code type} says which).
 */
final class LiveData {

    private LiveData() {}

    @Schema(name = "LiveStepDay", description = "One day's step total after the sync.")
    record StepDay(
            @Schema(description = "The local calendar day.", example = "2026-12-03")
            LocalDate date,

            @Schema(description = "The day's total over all sources.", example = "11432")
            long steps) {}

    @Schema(name = "LiveStepUpdate", description = "step_update (me): the days a sync changed, with their totals.")
    record StepUpdate(
            @Schema(description = "The days changed, oldest first.")
            List<StepDay> days) {}

    @Schema(name = "LiveNotification", description = "notification (me): a notification was created for me.")
    record Notification(
            @Schema(description = "Its id, for GET /me/notifications.")
            UUID notificationId,

            @Schema(description = "Its type.") NotificationType type,

            @Schema(description = "Its title.", example = "Ann likes your run")
            String title) {}

    @Schema(name = "LiveGoal", description = "goal (me), and in friend_activity goal_met: a goal was met.")
    record Goal(
            @Schema(description = "The goal.") UUID goalId,

            @Schema(description = "Its title; null when it has none.", example = "10 km a week") @Nullable
            String title,

            @Schema(description = "First day of the period it was met in.", example = "2026-11-30")
            LocalDate periodStart) {}

    @Schema(name = "LiveBadge", description = "badge (me): a badge was earned.")
    record Badge(
            @Schema(description = "The badge's code.", example = "first_10k")
            String code,

            @Schema(description = "Its name.", example = "First 10 km")
            String name,

            @Schema(description = "XP it credited.", example = "50")
            int xpReward) {}

    @Schema(name = "LiveLevel", description = "level (me): a level was reached.")
    record Level(
            @Schema(description = "The new level.", example = "3")
            int level,

            @Schema(description = "XP at that moment.", example = "320")
            long xp) {}

    @Schema(name = "LiveChallengeProgress", description = "challenge_progress (me): my value in a challenge changed.")
    record ChallengeProgress(
            @Schema(description = "The challenge.") UUID challengeId,

            @Schema(description = "My progress in the challenge's unit.", example = "42000")
            double progress,

            @Schema(description = "What the leaderboard ranks by.", example = "42000")
            double score,

            @Schema(description = "When I reached the target; null until then.") @Nullable
            Instant completedAt) {}

    @Schema(name = "LiveLeaderboardEntry", description = "One participant's changed leaderboard values.")
    record LeaderboardEntry(
            @Schema(description = "The participant.") UUID userId,

            @Schema(description = "Their display name.", example = "Ann B.")
            String displayName,

            @Schema(description = "Their progress.", example = "42000")
            double progress,

            @Schema(description = "What the leaderboard ranks by.", example = "42000")
            double score,

            @Schema(description = "When they reached the target; null until then.") @Nullable
            Instant completedAt) {}

    @Schema(
            name = "LiveChallengeUpdate",
            description = "challenge_update (challenge:{id}): leaderboard entries changed.")
    record ChallengeUpdate(
            @Schema(description = "The challenge.") UUID challengeId,

            @Schema(description = "The entries that changed (read GET /challenges/{id}/leaderboard for ranks).")
            List<LeaderboardEntry> entries) {}

    /** What a friend did. */
    enum FriendActivityKind implements WireEnum {
        ACTIVITY_RECORDED,
        GOAL_MET,
        CHALLENGE_COMPLETED
    }

    @Schema(name = "LiveChallengeRef", description = "A public challenge a friend completed.")
    record ChallengeRef(
            @Schema(description = "The challenge.") UUID challengeId,

            @Schema(description = "Its name.", example = "100 km in December")
            String name,

            @Schema(description = "The friend's rank at completion.", example = "3")
            long rank) {}

    @Schema(
            name = "LiveFriendActivity",
            description = "friend_activity (friends): a friend recorded an activity (as friends may see it), met a "
                    + "goal or completed a public challenge; the field of its kind is set, the others are null.")
    record FriendActivity(
            @Schema(description = "What happened.") FriendActivityKind kind,
            @Schema(description = "The friend.") UUID userId,

            @Schema(description = "The friend's display name.", example = "Ann B.")
            String displayName,

            @Schema(description = "activity_recorded: the activity, without what friends may not see.") @Nullable
            ActivityView activity,

            @Schema(description = "goal_met: the goal.") @Nullable
            Goal goal,

            @Schema(description = "challenge_completed: the challenge.") @Nullable
            ChallengeRef challenge) {}

    @Schema(name = "LiveMetric", description = "One metric of a batch of readings.")
    record Metric(
            @Schema(description = "The metric.", example = "temperature")
            String metric,

            @Schema(description = "Readings of it in the batch.", example = "25")
            int count,

            @Schema(description = "Smallest value.", example = "21.5")
            double min,

            @Schema(description = "Largest value.", example = "23.1")
            double max,

            @Schema(description = "The value of the newest reading.", example = "22.8")
            double latest,

            @Schema(description = "The device's time of the newest reading.")
            Instant latestTs) {}

    @Schema(name = "LiveReading", description = "reading (device:{id}): a batch of readings was stored.")
    record Reading(
            @Schema(description = "The device.") UUID deviceId,

            @Schema(description = "Per metric of the batch.")
            List<Metric> metrics) {}

    /** Online or offline. */
    enum Status implements WireEnum {
        ONLINE,
        OFFLINE
    }

    @Schema(
            name = "LiveDeviceStatus",
            description = "device_status (device:{id}, org:{id}): a device went online or offline.")
    record DeviceStatusChange(
            @Schema(description = "The device.") UUID deviceId,
            @Schema(description = "Its organization.") UUID orgId,
            @Schema(description = "Its new status.") Status status,

            @Schema(description = "Online: when it was seen; offline: when it was last seen.")
            Instant at) {}

    @Schema(name = "LiveCommand", description = "command (device:{id}): a command changed state.")
    record CommandStateChange(
            @Schema(description = "The command.") UUID commandId,
            @Schema(description = "Its device.") UUID deviceId,
            @Schema(description = "Its new state.") CommandState state) {}

    @Schema(name = "LiveSync", description = "sync (device:{id}): the device reported a sync.")
    record Sync(
            @Schema(description = "The device.") UUID deviceId,

            @Schema(description = "The sync as GET /devices/{id}/sync-events shows it.")
            SyncEventView sync) {}

    @Schema(
            name = "LiveAlert",
            description = "alert (org:{id}): an alert was raised (severity, title and message set), acknowledged or "
                    + "cleared (those null).")
    record Alert(
            @Schema(description = "The alert.") UUID alertId,

            @Schema(description = "Its device; null for an alert about no single device.") @Nullable
            UUID deviceId,

            @Schema(description = "Its state now.") AlertState state,

            @Schema(description = "Raised: its severity.", example = "critical") @Nullable
            String severity,

            @Schema(description = "Raised: its title.", example = "temperature > 30") @Nullable
            String title,

            @Schema(description = "Raised: its message.") @Nullable
            String message) {}

    @Schema(
            name = "LiveReset",
            description = "reset (SSE): the Last-Event-ID is older than the retention window; reload, then go on.")
    record Reset(@Schema(description = "Why.") String reason) {}
}
