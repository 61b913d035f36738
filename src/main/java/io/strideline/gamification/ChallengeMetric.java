package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** What a challenge or a leaderboard counts. */
enum ChallengeMetric implements WireEnum {
    /** steps (each day's top source) */
    STEPS,
    /** distance of activities in metres */
    DISTANCE,
    /** duration of activities in seconds */
    DURATION,
    /** metres climbed in activities */
    ELEVATION,
    /** number of activities */
    ACTIVITY_COUNT,
    /** XP credited for activities and steps (not badge or challenge rewards) */
    XP;

    boolean perActivity() {
        return this == DISTANCE || this == DURATION || this == ELEVATION || this == ACTIVITY_COUNT;
    }

    static ChallengeMetric of(String wire) {
        return WireEnum.parse(ChallengeMetric.class, wire)
                .orElseThrow(() -> new IllegalArgumentException("not a challenge metric: " + wire));
    }
}
