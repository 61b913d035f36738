package io.strideline.realtime;

import io.strideline.platform.WireEnum;

/** What a live event says; its {@code type}. */
enum EventType implements WireEnum {
    /** me: a notification was created (its id, type and title) */
    NOTIFICATION,
    /** me: step counts of these days changed (the day totals) */
    STEP_UPDATE,
    /** me: a goal was met for a period */
    GOAL,
    /** me: a badge was earned */
    BADGE,
    /** me: a level was reached */
    LEVEL,
    /** me: my value in a challenge changed */
    CHALLENGE_PROGRESS,
    /** friends: a friend recorded an activity, met a goal or completed a public challenge */
    FRIEND_ACTIVITY,
    /** challenge:{id}: leaderboard entries that changed */
    CHALLENGE_UPDATE,
    /** device:{id}: a batch of readings, summarised per metric */
    READING,
    /** device:{id} and org:{id}: a device went online or offline */
    DEVICE_STATUS,
    /** device:{id}: a command changed state; on a device's own socket: a command to run */
    COMMAND,
    /** device:{id}: the device reported a sync */
    SYNC,
    /** org:{id}: an alert was raised, acknowledged or cleared */
    ALERT,
    /** SSE only: the Last-Event-ID is older than the retention window; reload, then go on from this id */
    RESET,
    /** between instances only: what a person may read changed (friends, blocks, a membership ended) */
    ACCESS_CHANGED
}
