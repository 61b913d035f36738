package io.strideline.gamification;

import io.strideline.platform.WireEnum;

/** The period of a friends leaderboard, in the caller's time zone. */
enum LeaderboardPeriod implements WireEnum {
    /** this week, Monday to Sunday */
    WEEK,
    /** this calendar month */
    MONTH
}
