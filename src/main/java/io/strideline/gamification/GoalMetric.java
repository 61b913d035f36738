package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** What a goal counts. */
enum GoalMetric implements WireEnum {
    /** steps of the day (maximum over sources) */
    STEPS,
    /** distance of activities in metres */
    DISTANCE,
    /** duration of activities in seconds */
    DURATION,
    /** number of activities */
    ACTIVITY_COUNT;

    static GoalMetric of(String wire) {
        return WireEnum.parse(GoalMetric.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a goal metric: " + wire));
    }
}
