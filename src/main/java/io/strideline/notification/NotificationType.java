package io.strideline.notification;

import io.strideline.platform.WireEnum;

/** What a notification is about. */
public enum NotificationType implements WireEnum {
    /** a new alert of one of my organizations; data has alert_id, severity and device_id */
    ALERT,
    /** someone asked me to be friends; data has user_id */
    FRIEND_REQUEST,
    /** someone accepted my friend request; data has user_id */
    FRIEND_ACCEPTED,
    /** a comment on my post or activity; data has subject_kind, subject_id, comment_id, user_id */
    COMMENT,
    /**
     * likes on my post or activity, one notification per post or activity ("Ann and 3 others
     * liked your post"); data has subject_kind, subject_id, count (distinct people liking it for
     * the first time since I last read it), user_id (the latest); a person's like notifies once ever
     */
    LIKE,
    /** I was invited into a group; data has group_id, user_id (who invited me) */
    GROUP_INVITATION,
    /** someone asks to join a group I administer; data has group_id, user_id */
    GROUP_JOIN_REQUEST,
    /** I reached a new level; data has level, xp */
    LEVEL_UP,
    /** I earned a badge; data has badge (its code), xp_reward */
    BADGE_EARNED,
    /** I was invited into a challenge; data has challenge_id, user_id (who invited me) */
    CHALLENGE_INVITATION,
    /** I reached a challenge's target; data has challenge_id, rank */
    CHALLENGE_COMPLETED,
    /** I met a goal for one of its periods (once per period); data has goal_id, period_start */
    GOAL_MET;

    /** The constant of a stored value. */
    static NotificationType of(String wire) {
        return WireEnum.parse(NotificationType.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a NotificationType: " + wire));
    }
}
