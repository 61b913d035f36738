package io.strideline.activity;

import io.strideline.platform.WireEnum;

/** What kind of activity it is; statistics, goals and filters go by it. */
public enum ActivityType implements WireEnum {
    RUN,
    WALK,
    HIKE,
    RIDE,
    WORKOUT,
    SWIM,
    OTHER;

    /** The type of this wire value (as stored in the database). */
    public static ActivityType of(String wire) {
        return WireEnum.parse(ActivityType.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not an activity type: " + wire));
    }
}
