package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** The periods a goal's progress is counted over, in the person's time zone. */
enum GoalPeriod implements WireEnum {
    /** each calendar day */
    DAILY,
    /** each week, Monday to Sunday */
    WEEKLY,
    /** each calendar month */
    MONTHLY,
    /** one period, from the start date to the end date */
    CUSTOM;

    static GoalPeriod of(String wire) {
        return WireEnum.parse(GoalPeriod.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a goal period: " + wire));
    }
}
