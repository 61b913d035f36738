package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** How a badge is earned: what its threshold is compared with. */
enum BadgeCriterion implements WireEnum {
    /** number of activities (of the badge's types) */
    ACTIVITY_COUNT,
    /** metres of the longest single activity (of the types) */
    SINGLE_DISTANCE,
    /** metres of all activities (of the types) */
    TOTAL_DISTANCE,
    /** metres climbed in one activity (of the types) */
    SINGLE_CLIMB,
    /** longest run of consecutive local days with an activity */
    ACTIVITY_STREAK,
    /** steps of the best day */
    STEP_DAY,
    /** lifetime steps */
    TOTAL_STEPS,
    /** activities (of the types) started before the badge's local hour */
    EARLY_START;

    static BadgeCriterion of(String wire) {
        return WireEnum.parse(BadgeCriterion.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a badge criterion: " + wire));
    }
}
